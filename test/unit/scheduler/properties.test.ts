/**
 * Property tests of the scheduler engine under every strategy: random workloads of
 * nested schedules, self-reschedules, cancellations and runaway loops.
 */
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import type { SchedulerAction } from 'rxjs';
import { SimAbort } from '../../../sim/abort.js';
import type { DecisionEvent } from '../../../sim/events.js';
import { SeedStreams } from '../../../sim/random.js';
import { ReplayCursor, ReplaySelector } from '../../../sim/run/replay-plan.js';
import { makeSelector } from '../../../sim/scheduler/make-selector.js';
import type { Candidate, Selector } from '../../../sim/scheduler/selector.js';
import { SimScheduler, type SchedulerLimits } from '../../../sim/scheduler/sim-scheduler.js';
import type { StrategySpec } from '../../../sim/scheduler/strategy.js';

// ---- Workloads ----------------------------------------------------------------------

/** What one scheduled job does when it runs. */
interface Job {
  readonly delay: number;
  /** Jobs it schedules when it runs. */
  readonly children: readonly Job[];
  /** Handles (by creation index, modulo those existing; never a runaway's) it unsubscribes when it runs. */
  readonly cancels: readonly number[];
  /** Handles (as for `cancels`) it reschedules, with the new delay, replacing any pending run. */
  readonly moves: readonly (readonly [handle: number, delay: number])[];
  /** Delays of successive self-reschedules; each run consumes one. */
  readonly again: readonly number[];
  /** Reschedules itself for ever with `again[0] ?? 0`: only a budget stops it. */
  readonly runaway: boolean;
}

interface Workload {
  readonly jobs: readonly Job[];
  readonly limits: SchedulerLimits;
}

// Mostly small integers, for ties; a few fractions and negatives for rounding.
const delay = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(-2, 0.5, 1.25, 3.999) });

/** A job whose children nest at most `depth` levels deep. */
function jobArb(depth: number): fc.Arbitrary<Job> {
  return fc.record({
    delay,
    children: depth === 0 ? fc.constant([]) : fc.array(jobArb(depth - 1), { maxLength: 3 }),
    cancels: fc.array(fc.nat(50), { maxLength: 2 }),
    moves: fc.array(fc.tuple(fc.nat(50), delay), { maxLength: 2 }),
    again: fc.array(delay, { maxLength: 3 }),
    runaway: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}
const job = jobArb(3);

const workload: fc.Arbitrary<Workload> = fc.record({
  jobs: fc.array(job, { minLength: 1, maxLength: 6 }),
  limits: fc.record({ maxSteps: fc.integer({ min: 1, max: 400 }), maxTime: fc.integer({ min: 0, max: 60 }) }),
});

const strategy: fc.Arbitrary<StrategySpec> = fc.oneof(
  fc.constant({ kind: 'fifo' as const }),
  fc.constant({ kind: 'random' as const }),
  fc.record({ kind: fc.constant('pct' as const), depth: fc.integer({ min: 1, max: 6 }), steps: fc.integer({ min: 1, max: 60 }) }),
);

// ---- Running a workload against a model of what must happen -------------------------

type TicketState = 'pending' | 'ran' | 'cancelled';

interface Ticket {
  readonly id: number;
  readonly due: number;
  state: TicketState;
}

interface Execution {
  /** Ticket ids in the order they ran, with the clock when each ran. */
  readonly runs: readonly (readonly [ticket: number, at: number])[];
  readonly decisions: readonly DecisionEvent[];
  /** How the run ended: drained, or a budget SimAbort. */
  readonly end: 'drained' | 'budget';
  readonly steps: number;
}

class InvariantError extends Error {}

function check(cond: boolean, message: string): void {
  if (!cond) throw new InvariantError(message);
}

const expectedDue = (now: number, d: number): number => now + Math.max(0, Math.ceil(d));

/**
 * Runs the workload, checking as it goes that each run is of a pending ticket at its
 * due time and no pending ticket is due earlier, the clock never goes backwards and
 * `pending` matches the model. With `fifo`, ties must run in schedule order too.
 */
function execute(w: Workload, selector: Selector, fifo = false): Execution {
  const s = new SimScheduler(selector, w.limits);
  const decisions: DecisionEvent[] = [];
  s.onDecision = (d) => decisions.push({ t: 'sched.decision', ...d });
  const tickets: Ticket[] = [];
  const runs: [number, number][] = [];
  let lastClock = 0;

  /** A scheduled action and the model's view of it. */
  interface Handle {
    readonly action: SchedulerAction<Ticket>;
    readonly job: Job;
    /** The ticket the action would run next, if any. */
    next: Ticket | undefined;
    runs: number;
  }
  /** Handles other jobs can cancel or move: all but runaways, so that those surely need a budget. */
  const targets: Handle[] = [];
  const byAction = new Map<SchedulerAction<Ticket>, Handle>();

  const issue = (d: number): Ticket => {
    const ticket: Ticket = { id: tickets.length, due: expectedDue(s.now(), d), state: 'pending' };
    tickets.push(ticket);
    return ticket;
  };
  const drop = (h: Handle): void => {
    if (h.next !== undefined && h.next.state === 'pending') h.next.state = 'cancelled';
    h.next = undefined;
  };
  const reschedule = (h: Handle, d: number): void => {
    if (h.action.closed) return;
    drop(h);
    h.next = issue(d);
    h.action.schedule(h.next, d);
  };
  const target = (k: number): Handle | undefined => targets[k % Math.max(1, targets.length)];

  function work(this: SchedulerAction<Ticket>, ticket?: Ticket): void {
    const h = byAction.get(this);
    if (h === undefined || ticket === undefined) throw new InvariantError('work ran for an unknown action');
    check(ticket === h.next, `ticket ${ticket.id} ran, but its action was to run ${h.next?.id ?? 'nothing'}`);
    check(ticket.state === 'pending', `ticket ${ticket.id} ran while ${ticket.state}`);
    check(s.now() === ticket.due, `ticket ${ticket.id} due at ${ticket.due} ran at ${s.now()}`);
    check(s.now() >= lastClock, `clock went back from ${lastClock} to ${s.now()}`);
    lastClock = s.now();
    // Tickets are numbered in schedule order, as the scheduler's seqs are.
    for (const other of tickets) {
      if (other.state !== 'pending' || other === ticket) continue;
      check(other.due >= ticket.due, `ticket ${ticket.id} due at ${ticket.due} ran before ticket ${other.id} due at ${other.due}`);
      check(!fifo || other.due > ticket.due || other.id > ticket.id, `FIFO ran ticket ${ticket.id} before ticket ${other.id}`);
    }
    ticket.state = 'ran';
    h.next = undefined;
    runs.push([ticket.id, s.now()]);

    const { job } = h;
    for (const child of job.children) spawn(child);
    for (const k of job.cancels) {
      const victim = target(k);
      if (victim === undefined) continue;
      drop(victim);
      victim.action.unsubscribe();
    }
    for (const [k, d] of job.moves) {
      const moved = target(k);
      if (moved !== undefined) reschedule(moved, d);
    }
    const again = job.runaway ? (job.again[0] ?? 0) : job.again[h.runs];
    h.runs++;
    if (again !== undefined) reschedule(h, again);
  }

  function spawn(job: Job): void {
    const ticket = issue(job.delay);
    const action = s.schedule(work, job.delay, ticket) as SchedulerAction<Ticket>;
    const h: Handle = { action, job, next: ticket, runs: 0 };
    byAction.set(action, h);
    if (!job.runaway) targets.push(h);
  }

  for (const job of w.jobs) spawn(job);
  let end: Execution['end'] = 'drained';
  try {
    while (s.step()) {
      const live = tickets.filter((x) => x.state === 'pending').length;
      check(s.pending === live, `scheduler reports ${s.pending} pending, model has ${live}`);
    }
  } catch (e) {
    if (!(e instanceof SimAbort)) throw e;
    check(e.outcome.reason === 'budget-exhausted', `unexpected abort: ${e.message}`);
    end = 'budget';
  }

  check(s.steps <= w.limits.maxSteps, `${s.steps} steps over a budget of ${w.limits.maxSteps}`);
  check(s.now() <= w.limits.maxTime, `clock ${s.now()} past the time budget ${w.limits.maxTime}`);
  check(s.steps === runs.length, `${s.steps} steps for ${runs.length} runs`);
  const left = tickets.filter((x) => x.state === 'pending');
  check(s.pending === left.length, `scheduler reports ${s.pending} pending at the end, model has ${left.length}`);
  if (end === 'drained') {
    check(left.length === 0, `tickets ${left.map((x) => x.id).join(', ')} never ran`);
  } else {
    // A budget stops the run only when it is spent: steps used up, or the next due time past it.
    const next = Math.min(...left.map((x) => x.due));
    check(s.steps === w.limits.maxSteps || next > w.limits.maxTime, `budget abort with steps and time to spare`);
  }
  return { runs, decisions, end, steps: s.steps };
}

function selectorFor(spec: StrategySpec, seed: number): Selector {
  return makeSelector(spec, new SeedStreams(seed).stream('scheduler'));
}

/** Fails the test with fast-check's report (seed, path and counterexample) if the property fails. */
function holds<T>(t: ExecutionContext, arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns: number): void {
  const details = fc.check(fc.property(arb, predicate), { numRuns });
  t.false(details.failed, fc.defaultReportMessage(details) ?? '');
  t.is(details.numRuns, numRuns);
}

// ---- Properties ---------------------------------------------------------------------

test('every run ends within its budget: each live action once, at its due time, clock monotonic', (t) => {
  const ends = { drained: 0, budget: 0 };
  holds(
    t,
    fc.tuple(workload, strategy, fc.integer()),
    ([w, spec, seed]) => {
      ends[execute(w, selectorFor(spec, seed)).end]++;
    },
    1000,
  );
  // Both ways of ending must be exercised, or the property proves less than it says.
  t.true(ends.drained > 100 && ends.budget > 100, JSON.stringify(ends));
});

test('runaway workloads always end in a budget SimAbort', (t) => {
  const runaway = workload.map((w) => ({ ...w, jobs: [...w.jobs, { delay: 0, children: [], cancels: [], moves: [], again: [0], runaway: true }] }));
  holds(
    t,
    fc.tuple(runaway, strategy, fc.integer()),
    ([w, spec, seed]) => {
      check(execute(w, selectorFor(spec, seed)).end === 'budget', 'a runaway workload drained');
    },
    300,
  );
});

test('FIFO runs pending work in (due time, schedule order); decisions list candidates ascending', (t) => {
  holds(
    t,
    workload,
    (w) => {
      const e = execute(w, selectorFor({ kind: 'fifo' }, 0), true);
      for (const d of e.decisions) {
        check(d.candidates.every((c, i) => i === 0 || c > (d.candidates[i - 1] as number)), `candidates ${d.candidates.join()} not ascending`);
        check(d.chosen === d.candidates[0], `FIFO chose ${d.chosen} of ${d.candidates.join()}`);
      }
    },
    300,
  );
});

test('replaying recorded decisions reproduces the execution exactly', (t) => {
  let withDecisions = 0;
  holds(
    t,
    fc.tuple(workload, strategy, fc.integer()),
    ([w, spec, seed]) => {
      const original = execute(w, selectorFor(spec, seed));
      if (original.decisions.length > 0) withDecisions++;
      const cursor = new ReplayCursor({ decisions: original.decisions, draws: [] });
      // The fallback must never be needed; if it is, it fails loudly.
      const refuse: Selector = {
        select: (c: readonly Candidate[]) => {
          throw new InvariantError(`fallback asked about ${c.map((x) => x.seq).join()}: ${cursor.offTrack ?? ''}`);
        },
      };
      const replayed = execute(w, new ReplaySelector(cursor, refuse));
      check(JSON.stringify(replayed) === JSON.stringify(original), 'replay differs from the recording');
      check(cursor.offTrack === undefined && cursor.decision === original.decisions.length, 'replay left the trace');
    },
    500,
  );
  t.true(withDecisions > 250, `only ${withDecisions} of 500 workloads had a decision to replay`);
});

test('different seeds explore different orders under random and pct', (t) => {
  // A fixed workload with many ties: ten jobs at time 0, each spawning two at time 1.
  const leaf: Job = { delay: 1, children: [], cancels: [], moves: [], again: [], runaway: false };
  const w: Workload = {
    jobs: Array.from({ length: 10 }, () => ({ delay: 0, children: [leaf, leaf], cancels: [], moves: [], again: [], runaway: false })),
    limits: { maxSteps: 1000, maxTime: 1000 },
  };
  for (const spec of [{ kind: 'random' }, { kind: 'pct', depth: 3, steps: 30 }] as const) {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) orders.add(JSON.stringify(execute(w, selectorFor(spec, seed)).runs));
    t.true(orders.size >= 15, `${spec.kind}: ${orders.size} distinct orders over 20 seeds`);
    t.is(JSON.stringify(execute(w, selectorFor(spec, 5)).runs), JSON.stringify(execute(w, selectorFor(spec, 5)).runs));
  }
});
