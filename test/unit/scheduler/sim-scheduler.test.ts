import test, { type ExecutionContext } from 'ava';
import { interval, type SchedulerAction, type Subscription } from 'rxjs';
import { SimAbort, isSimAbort } from '../../../sim/abort.js';
import { failure } from '../../../sim/outcome.js';
import { MAX_TIED_ACTIONS, SimScheduler, type DecisionRecord, type SchedulerLimits } from '../../../sim/scheduler/sim-scheduler.js';
import { TRACE_LIMITS } from '../../../recorder/limits.js';
import type { Candidate, DecisionPoint, Selector } from '../../../sim/scheduler/selector.js';
import { FifoSelector } from '../../../sim/scheduler/selectors/fifo.js';

/** A selector that always takes the last candidate and remembers what it was shown. */
class LastSelector implements Selector {
  readonly seen: { readonly candidates: readonly Candidate[]; readonly point: DecisionPoint }[] = [];
  select(candidates: readonly Candidate[], point: DecisionPoint): number {
    this.seen.push({ candidates: [...candidates], point });
    return candidates.length - 1;
  }
}

function fifo(limits?: SchedulerLimits): SimScheduler {
  return limits === undefined ? new SimScheduler(new FifoSelector()) : new SimScheduler(new FifoSelector(), limits);
}

function decisionsOf(s: SimScheduler): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  s.onDecision = (d) => out.push(d);
  return out;
}

function budgetAbort(t: ExecutionContext, fn: () => unknown): SimAbort {
  const e = t.throws(fn, { instanceOf: SimAbort });
  if (e === undefined) throw new Error('expected a SimAbort');
  t.true(isSimAbort(e));
  t.is(e.outcome.reason, 'budget-exhausted');
  return e as SimAbort;
}

// ---- Ordering and the clock ---------------------------------------------------------

test('actions run in (due time, schedule order) and the clock reads each due time', (t) => {
  const s = fifo();
  const ran: [name: string, at: number][] = [];
  const delays: [string, number][] = [['a', 5], ['b', 0], ['c', 3], ['d', 0], ['e', 5], ['f', 1]];
  for (const [name, d] of delays) s.schedule(() => ran.push([name, s.now()]), d);
  s.flush();
  t.deepEqual(ran, [['b', 0], ['d', 0], ['f', 1], ['c', 3], ['a', 5], ['e', 5]]);
  t.is(s.now(), 5);
  t.is(s.steps, 6);
});

test('delays are relative to the clock when scheduled, including from inside an action', (t) => {
  const s = fifo();
  const ran: [string, number][] = [];
  s.schedule(() => {
    ran.push(['outer', s.now()]);
    s.schedule(() => ran.push(['inner+2', s.now()]), 2);
    s.schedule(() => ran.push(['inner+0', s.now()]), 0);
  }, 4);
  s.schedule(() => ran.push(['other', s.now()]), 5);
  s.flush();
  // inner+0 is due at 4, behind nothing; other (due 5) was scheduled before inner+2 (due 6).
  t.deepEqual(ran, [['outer', 4], ['inner+0', 4], ['other', 5], ['inner+2', 6]]);
});

test('fractional delays round up and negative delays clamp to zero', (t) => {
  const s = fifo();
  const ran: [string, number][] = [];
  s.schedule(() => {
    s.schedule(() => ran.push(['2.1', s.now()]), 2.1);
    s.schedule(() => ran.push(['-3', s.now()]), -3);
    s.schedule(() => ran.push(['0.5', s.now()]), 0.5);
  }, 10);
  s.flush();
  t.deepEqual(ran, [['-3', 10], ['0.5', 11], ['2.1', 13]]);
});

test('a non-finite delay is never due and is not pending', (t) => {
  const s = fifo();
  let ran = 0;
  s.schedule(() => ran++, Infinity);
  s.schedule(() => ran++, NaN);
  t.is(s.pending, 0);
  t.is(s.nextDue(), undefined);
  s.flush();
  t.is(ran, 0);
  t.is(s.now(), 0);
});

test('rescheduling a pending action to an infinite delay cancels its pending run', (t) => {
  const s = fifo();
  let ran = 0;
  const a = s.schedule(() => ran++, 3) as SchedulerAction<void>;
  a.schedule(undefined, Infinity);
  t.is(s.pending, 0);
  s.flush();
  t.is(ran, 0);
});

// ---- Decisions ----------------------------------------------------------------------

test('actions due together are a decision: candidates ascending, FIFO picks the earliest', (t) => {
  const s = fifo();
  const decisions = decisionsOf(s);
  const ran: string[] = [];
  s.schedule(() => ran.push('early'), 1);
  for (const name of ['x', 'y', 'z']) s.schedule(() => ran.push(name), 4);
  s.flush();
  t.deepEqual(ran, ['early', 'x', 'y', 'z']);
  // Seqs 1, 2, 3 tie at 4; the last of them runs alone, so it is not a decision.
  t.deepEqual(decisions, [
    { at: 4, step: 1, candidates: [1, 2, 3], chosen: 1 },
    { at: 4, step: 2, candidates: [2, 3], chosen: 2 },
  ]);
  t.is(s.decisions, 2);
});

test('the selector chooses among tied actions and the others stay queued in order', (t) => {
  const selector = new LastSelector();
  const s = new SimScheduler(selector);
  const decisions = decisionsOf(s);
  const ran: string[] = [];
  for (const name of ['a', 'b', 'c']) s.schedule(() => ran.push(name), 2);
  s.schedule(() => ran.push('later'), 3);
  s.flush();
  t.deepEqual(ran, ['c', 'b', 'a', 'later']);
  t.deepEqual(
    decisions.map((d) => [d.candidates, d.chosen]),
    [
      [[0, 1, 2], 2],
      [[0, 1], 1],
    ],
  );
  t.deepEqual(
    selector.seen.map((x) => x.point),
    [
      { at: 2, step: 0, index: 0 },
      { at: 2, step: 1, index: 1 },
    ],
  );
});

test('onDecision is called before the chosen action runs', (t) => {
  const s = fifo();
  const log: string[] = [];
  s.onDecision = (d) => log.push(`decision ${d.chosen}`);
  s.schedule(() => log.push('run 0'), 0);
  s.schedule(() => log.push('run 1'), 0);
  s.flush();
  t.deepEqual(log, ['decision 0', 'run 0', 'run 1']);
});

test('a selector answer out of range throws and leaves every tied action queued', (t) => {
  const s = new SimScheduler({ select: () => 7 });
  let ran = 0;
  s.schedule(() => ran++, 1);
  s.schedule(() => ran++, 1);
  t.throws(() => s.step(), { instanceOf: RangeError });
  t.is(s.pending, 2);
  t.is(s.steps, 0);
  s.setSelector(new FifoSelector());
  s.flush();
  t.is(ran, 2);
});

test('an onDecision listener that throws leaves every tied action queued', (t) => {
  const s = fifo();
  let ran = 0;
  s.schedule(() => ran++, 1);
  s.schedule(() => ran++, 1);
  s.onDecision = () => {
    throw new Error('sink failed');
  };
  t.throws(() => s.step(), { message: 'sink failed' });
  t.is(s.pending, 2);
  s.onDecision = undefined;
  s.flush();
  t.is(ran, 2);
});

// ---- Cancellation and rescheduling --------------------------------------------------

test('cancelled actions never run, never appear as candidates and are not pending', (t) => {
  const s = fifo();
  const decisions = decisionsOf(s);
  const ran: string[] = [];
  s.schedule(() => ran.push('a'), 2);
  const b = s.schedule(() => ran.push('b'), 2);
  s.schedule(() => ran.push('c'), 2);
  const d = s.schedule(() => ran.push('d'), 9);
  t.is(s.pending, 4);
  b.unsubscribe();
  d.unsubscribe();
  d.unsubscribe();
  t.is(s.pending, 2);
  t.is(s.nextDue(), 2);
  s.flush();
  t.deepEqual(ran, ['a', 'c']);
  t.deepEqual(decisions[0]?.candidates, [0, 2]);
  t.is(s.now(), 2, 'the cancelled action at 9 does not move the clock');
});

test('an action cancelled by another due at the same instant does not run', (t) => {
  const s = fifo();
  const ran: string[] = [];
  const victims: Subscription[] = [];
  s.schedule(() => {
    ran.push('killer');
    for (const v of victims) v.unsubscribe();
  }, 1);
  victims.push(s.schedule(() => ran.push('victim'), 1));
  s.flush();
  t.deepEqual(ran, ['killer']);
  t.is(s.pending, 0);
});

test('rescheduling a pending action keeps its task, takes a new seq and replaces the old run', (t) => {
  const selector = new LastSelector();
  const s = new SimScheduler(selector);
  const ran: [string, number][] = [];
  const a = s.schedule(function (this: SchedulerAction<string>, v?: string) {
    ran.push([v ?? '?', s.now()]);
  }, 5, 'first') as SchedulerAction<string>;
  s.schedule(() => ran.push(['b', s.now()]), 5);
  t.is(a.schedule('second', 5), a, 'the same action comes back');
  t.is(s.pending, 2, 'the earlier run was replaced, not added to');
  s.flush();
  t.deepEqual(selector.seen[0]?.candidates, [
    { seq: 1, task: 1 },
    { seq: 2, task: 0 },
  ]);
  t.deepEqual(ran, [['second', 5], ['b', 5]]);
});

test('an action rescheduled after it ran queues behind actions scheduled before it', (t) => {
  // VirtualTimeScheduler reuses the action's first index here, which would put it first.
  const s = fifo();
  const ran: string[] = [];
  const a = s.schedule(() => ran.push(`a@${s.now()}`), 0) as SchedulerAction<void>;
  s.schedule(() => {
    s.schedule(() => ran.push(`b@${s.now()}`), 5);
    a.schedule(undefined, 5);
  }, 1);
  s.flush();
  t.deepEqual(ran, ['a@0', 'b@6', 'a@6']);
});

test('an action that reschedules itself runs again at the new due time', (t) => {
  const s = fifo();
  const at: number[] = [];
  s.schedule(function (this: SchedulerAction<number>, n = 0) {
    at.push(s.now());
    if (n < 3) this.schedule(n + 1, 2);
  }, 1, 0);
  s.flush();
  t.deepEqual(at, [1, 3, 5, 7]);
  t.is(s.steps, 4);
});

// ---- Driving the run ----------------------------------------------------------------

test('runUntil stops as soon as the condition holds and returns false when work runs out', (t) => {
  const s = fifo();
  let count = 0;
  for (let i = 0; i < 5; i++) s.schedule(() => count++, i);
  t.true(s.runUntil(() => count === 2));
  t.is(count, 2);
  t.true(s.runUntil(() => true), 'a condition that already holds runs nothing');
  t.is(count, 2);
  t.false(s.runUntil(() => count === 99));
  t.is(count, 5);
  t.false(s.step(), 'nothing left');
});

test('advanceTo runs everything due up to the time and then sets the clock to it', (t) => {
  const s = fifo();
  const ran: number[] = [];
  for (const d of [1, 3, 3, 4, 8]) s.schedule(() => ran.push(s.now()), d);
  s.advanceTo(3);
  t.deepEqual(ran, [1, 3, 3]);
  s.advanceTo(6);
  t.deepEqual(ran, [1, 3, 3, 4]);
  t.is(s.now(), 6);
  s.advanceTo(2);
  t.is(s.now(), 6, 'the clock never goes backwards');
  s.schedule(() => ran.push(s.now()), 1);
  s.flush();
  t.deepEqual(ran, [1, 3, 3, 4, 7, 8]);
});

// ---- Budgets ------------------------------------------------------------------------

test('the step budget stops interval(0) with a budget-exhausted SimAbort', (t) => {
  const s = fifo({ maxSteps: 100, maxTime: Number.MAX_SAFE_INTEGER });
  let ticks = 0;
  interval(0, s).subscribe(() => ticks++);
  const e = budgetAbort(t, () => s.flush());
  t.regex(e.message, /step budget of 100/);
  t.is(s.steps, 100);
  t.is(ticks, 100);
  t.is(s.now(), 0);
  t.is(s.pending, 1, 'the action that did not run stays queued');
  budgetAbort(t, () => s.step());
  t.is(ticks, 100, 'a spent budget runs nothing more');
});

test('the time budget runs actions due at the limit and stops before the next one', (t) => {
  const s = fifo({ maxSteps: Number.MAX_SAFE_INTEGER, maxTime: 1000 });
  const at: number[] = [];
  interval(10, s).subscribe(() => at.push(s.now()));
  const e = budgetAbort(t, () => s.flush());
  t.regex(e.message, /virtual time budget of 1000 us exhausted \(next action due at 1010 us\)/);
  t.is(at.length, 100);
  t.is(at.at(-1), 1000);
  t.is(s.now(), 1000);
  t.is(s.nextDue(), 1010);
});

test('runUntil and advanceTo are bounded by the budgets too', (t) => {
  const s = fifo({ maxSteps: 50, maxTime: Number.MAX_SAFE_INTEGER });
  interval(0, s).subscribe();
  budgetAbort(t, () => s.runUntil(() => false));
  const u = fifo({ maxSteps: Number.MAX_SAFE_INTEGER, maxTime: 30 });
  interval(1, u).subscribe();
  budgetAbort(t, () => u.advanceTo(100));
  t.is(u.now(), 30);
});

// ---- Aborts and errors --------------------------------------------------------------

test('abort() inside an action surfaces after the action returns, and sticks', (t) => {
  const s = fifo();
  const log: string[] = [];
  s.schedule(() => {
    s.abort(failure('deadlock', 'first'));
    s.abort(failure('invariant', 'second'));
    log.push('finished its work');
  }, 1);
  s.schedule(() => log.push('never'), 2);
  const e = t.throws(() => s.flush(), { instanceOf: SimAbort });
  t.deepEqual(log, ['finished its work']);
  t.is(e?.outcome.reason, 'deadlock');
  t.is(e?.message, 'first');
  t.is(s.abortedWith?.message, 'first');
  t.throws(() => s.step(), { instanceOf: SimAbort, message: 'first' });
  t.deepEqual(log, ['finished its work'], 'nothing runs after an abort');
  t.is(s.pending, 1);
});

test('an error thrown by an action propagates and leaves the queue consistent', (t) => {
  const s = fifo();
  const ran: string[] = [];
  const boom = new Error('boom');
  s.schedule(function (this: SchedulerAction<unknown>) {
    ran.push('thrower');
    this.schedule(undefined, 1); // cancelled: an action that threw is unsubscribed
    throw boom;
  }, 1);
  s.schedule(() => ran.push('peer'), 1);
  s.schedule(() => ran.push('later'), 5);
  t.is(t.throws(() => s.flush()), boom);
  t.is(s.now(), 1);
  t.is(s.steps, 1);
  t.is(s.pending, 2);
  s.flush();
  t.deepEqual(ran, ['thrower', 'peer', 'later']);
  t.is(s.pending, 0);
  t.is(s.now(), 5);
});

test('more actions due at one instant than a trace can list as candidates ends the run as budget-exhausted', (t) => {
  t.is(MAX_TIED_ACTIONS, TRACE_LIMITS.maxArrayItems, 'a decision the scheduler makes must be recordable');
  const s = fifo();
  let ran = 0;
  for (let i = 0; i <= MAX_TIED_ACTIONS; i++) s.schedule(() => ran++, 10);
  const e = budgetAbort(t, () => s.step());
  t.regex(e.outcome.message, /more than 1048576 actions due at one instant \(1048577 at 10 us\)/);
  t.is(ran, 0);
  t.is(s.pending, MAX_TIED_ACTIONS + 1, 'every tied action went back to the queue');
});
