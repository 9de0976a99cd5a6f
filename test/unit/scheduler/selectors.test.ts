import test from 'ava';
import fc from 'fast-check';
import type { DecisionEvent } from '../../../sim/events.js';
import { SeedStreams, type Rng } from '../../../sim/random.js';
import { ReplayCursor, ReplaySelector } from '../../../sim/run/replay-plan.js';
import { makeSelector } from '../../../sim/scheduler/make-selector.js';
import type { Candidate, DecisionPoint, Selector } from '../../../sim/scheduler/selector.js';
import { FifoSelector } from '../../../sim/scheduler/selectors/fifo.js';
import { PctSelector } from '../../../sim/scheduler/selectors/pct.js';
import { RandomSelector } from '../../../sim/scheduler/selectors/random.js';
import { SimScheduler } from '../../../sim/scheduler/sim-scheduler.js';
import {
  DEFAULT_PCT_DEPTH,
  DEFAULT_PCT_STEPS,
  StrategyParseError,
  formatStrategy,
  parseStrategy,
  type StrategySpec,
} from '../../../sim/scheduler/strategy.js';

const schedulerStream = (seed: number | string): Rng => new SeedStreams(seed).stream('scheduler');

/** Candidates for tasks, with ascending seqs as the scheduler hands them out. */
const cands = (...tasks: number[]): Candidate[] => tasks.map((task, i) => ({ seq: 100 + i, task }));
const point = (index: number, at = 0): DecisionPoint => ({ at, step: index, index });

/** An Rng that replays scripted draws, to pin PCT's arithmetic exactly. */
class ScriptedRng implements Rng {
  constructor(
    private readonly belows: number[],
    private readonly floats: number[],
  ) {}
  next(): number {
    const f = this.floats.shift();
    if (f === undefined) throw new Error('unscripted next()');
    return f;
  }
  below(n: number): number {
    const b = this.belows.shift();
    if (b === undefined || b >= n) throw new Error(`unscripted below(${n})`);
    return b;
  }
  uint32(): number {
    throw new Error('unscripted uint32()');
  }
}

/** Choices a selector makes over `n` decisions among 2..5 candidates. */
function choices(selector: Selector, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(selector.select(cands(...Array.from({ length: 2 + (i % 4) }, (_, k) => k)), point(i)));
  return out;
}

// ---- FIFO and random ----------------------------------------------------------------

test('fifo always takes the earliest-scheduled candidate', (t) => {
  t.deepEqual(choices(new FifoSelector(), 20), Array<number>(20).fill(0));
});

test('random draws one value per decision from the scheduler stream', (t) => {
  const picked = choices(new RandomSelector(schedulerStream(42)), 200);
  const rng = schedulerStream(42);
  t.deepEqual(
    picked,
    Array.from({ length: 200 }, (_, i) => rng.below(2 + (i % 4))),
  );
});

test('random: the same seed gives the same choices, different seeds different ones', (t) => {
  const a = choices(new RandomSelector(schedulerStream(7)), 200);
  t.deepEqual(choices(new RandomSelector(schedulerStream(7)), 200), a);
  t.deepEqual(choices(new RandomSelector(schedulerStream('7')), 200), a, 'a seed normalises to its text');
  const distinct = new Set([a, ...[8, 9, 10, 'x'].map((s) => choices(new RandomSelector(schedulerStream(s)), 200))].map((c) => c.join()));
  t.is(distinct.size, 5);
});

test('random is independent of other subsystems drawing from their own streams', (t) => {
  const streams = new SeedStreams(3);
  streams.stream('latency').next();
  streams.stream('faults').below(9);
  t.deepEqual(choices(new RandomSelector(streams.stream('scheduler')), 100), choices(new RandomSelector(schedulerStream(3)), 100));
});

test('random picks each of three candidates about a third of the time', (t) => {
  const counts = [0, 0, 0];
  const selector: Selector = new RandomSelector(schedulerStream('distribution'));
  for (let i = 0; i < 3000; i++) counts[selector.select(cands(0, 1, 2), point(i))]! += 1;
  for (const c of counts) t.true(c > 850 && c < 1150, `counts ${counts.join(', ')}`);
});

// ---- PCT ----------------------------------------------------------------------------

/** The priority order PCT reveals by repeatedly taking its choice out of `tasks`. */
function revealOrder(selector: Selector, tasks: readonly number[], from: number): number[] {
  const order: number[] = [];
  let left = [...tasks];
  for (let i = 0; left.length > 1; i++) {
    const c = cands(...left);
    const task = (c[selector.select(c, point(from + i))] as Candidate).task;
    order.push(task);
    left = left.filter((x) => x !== task);
  }
  return [...order, ...left];
}

test('pct with depth 1 is a fixed random priority order per seed', (t) => {
  const tasks = [0, 1, 2, 3, 4, 5];
  const orders = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    const selector = new PctSelector(schedulerStream(seed), 1, 10);
    const order = revealOrder(selector, tasks, 0);
    orders.add(order.join());
    t.deepEqual(revealOrder(new PctSelector(schedulerStream(seed), 1, 10), tasks, 0), order, 'same seed, same order');
    // Every later decision, on any subset, takes the candidate ranked highest.
    const rng = schedulerStream(`subsets ${seed}`);
    for (let i = 0; i < 200; i++) {
      const subset = tasks.filter(() => rng.below(2) === 1);
      if (subset.length < 2) continue;
      const c = cands(...subset);
      const expected = order.find((x) => subset.includes(x));
      t.is<number | undefined, number | undefined>((c[selector.select(c, point(100 + i))] as Candidate).task, expected);
    }
  }
  t.true(orders.size >= 15, `only ${orders.size} distinct orders over 20 seeds`);
});

test('pct with depth 1 puts each task first equally often across seeds', (t) => {
  const firsts = [0, 0, 0];
  for (let seed = 0; seed < 900; seed++) {
    const c = cands(0, 1, 2);
    firsts[(c[new PctSelector(schedulerStream(seed), 1, 10).select(c, point(0))] as Candidate).task]! += 1;
  }
  for (const n of firsts) t.true(n > 240 && n < 360, `firsts ${firsts.join(', ')}`);
});

test('pct change points demote the task that would run below every initial priority', (t) => {
  // depth 3: change points at decisions 2 (to priority 2) and 5 (to priority 1);
  // initial priorities 3.9, 3.1, 3.5, 3.2 for tasks 0..3, in order of first appearance.
  const selector = new PctSelector(new ScriptedRng([2, 5], [0.9, 0.1, 0.5, 0.2]), 3, 10);
  const pick = (i: number, ...tasks: number[]): number => {
    const c = cands(...tasks);
    return (c[selector.select(c, point(i))] as Candidate).task;
  };
  t.is(pick(0, 0, 1, 2), 0);
  t.is(pick(1, 0, 1, 2), 0);
  t.is(pick(2, 0, 1, 2), 2, 'task 0 is demoted at change point 1');
  t.is(pick(3, 0, 2), 2, 'and stays below the undemoted tasks');
  t.is(pick(4, 0, 1, 2), 2);
  t.is(pick(5, 0, 1, 2), 1, 'task 2 is demoted at change point 2');
  t.is(pick(6, 0, 2), 0, 'a later change point demotes further');
  t.is(pick(7, 2, 3), 3, 'a new task gets an initial priority, above demoted ones');
});

test('pct draws distinct change points', (t) => {
  // The second draw collides with the first and is drawn again.
  const selector = new PctSelector(new ScriptedRng([4, 4, 7], [0.9, 0.5]), 3, 10);
  const pick = (i: number): number => {
    const c = cands(0, 1);
    return (c[selector.select(c, point(i))] as Candidate).task;
  };
  t.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(pick), [0, 0, 0, 0, 1, 1, 1, 0, 0]);
});

test('pct draws its change point uniformly among the first `steps` decisions', (t) => {
  // Two tasks, one change point: the choice switches once, at the change point, unless
  // the change point is decision 0 (then the demoted task never runs at all).
  const switchedAt = [0, 0, 0, 0, 0];
  for (let seed = 0; seed < 500; seed++) {
    const selector = new PctSelector(schedulerStream(seed), 2, 5);
    const c = cands(0, 1);
    const picks = Array.from({ length: 30 }, (_, i) => selector.select(c, point(i)));
    const switches = picks.flatMap((p, i) => (i > 0 && p !== picks[i - 1] ? [i] : []));
    t.true(switches.length <= 1, `seed ${seed}: ${picks.join('')}`);
    const at = switches[0] ?? 0;
    t.true(at < 5, `seed ${seed}: ${picks.join('')}`);
    switchedAt[at]! += 1;
  }
  for (const n of switchedAt) t.true(n > 70 && n < 130, `change points ${switchedAt.join(', ')}`);
});

// ---- Replay -------------------------------------------------------------------------

function decision(at: number, step: number, candidates: number[], chosen: number): DecisionEvent {
  return { t: 'sched.decision', at, step, candidates, chosen };
}

/** A fallback that records being asked and answers with the last candidate. */
class SpyFallback implements Selector {
  calls = 0;
  select(candidates: readonly Candidate[]): number {
    this.calls++;
    return candidates.length - 1;
  }
}

test('replay follows the recorded choices while the candidates match', (t) => {
  const cursor = new ReplayCursor({
    decisions: [decision(5, 0, [100, 101, 102], 101), decision(5, 1, [100, 102], 100)],
    draws: [],
  });
  const fallback = new SpyFallback();
  const selector = new ReplaySelector(cursor, fallback);
  t.is(selector.select(cands(0, 1, 2), { at: 5, step: 0, index: 0 }), 1);
  t.is(selector.select([{ seq: 100, task: 0 }, { seq: 102, task: 2 }], { at: 5, step: 1, index: 1 }), 0);
  t.is(cursor.decision, 2);
  t.is(cursor.offTrack, undefined);
  t.is(fallback.calls, 0);
  t.is(selector.select(cands(0, 1), point(2)), 1, 'past the end of the plan, the fallback decides');
  t.is(fallback.calls, 1);
  t.regex(cursor.offTrack ?? '', /decision 2/);
});

const mismatches: [string, DecisionPoint, Candidate[]][] = [
  ['different candidates', { at: 5, step: 0, index: 0 }, cands(0, 1)],
  ['different seqs', { at: 5, step: 0, index: 0 }, [{ seq: 100, task: 0 }, { seq: 101, task: 1 }, { seq: 103, task: 2 }]],
  ['different time', { at: 6, step: 0, index: 0 }, cands(0, 1, 2)],
  ['different step', { at: 5, step: 1, index: 0 }, cands(0, 1, 2)],
];

for (const [what, p, c] of mismatches) {
  test(`replay goes off track on ${what} and stays on the fallback`, (t) => {
    const cursor = new ReplayCursor({
      decisions: [decision(5, 0, [100, 101, 102], 101), decision(5, 1, [100, 102], 100)],
      draws: [],
    });
    const fallback = new SpyFallback();
    const selector = new ReplaySelector(cursor, fallback);
    t.is(selector.select(c, p), c.length - 1, 'the fallback answers');
    t.regex(cursor.offTrack ?? '', /does not match the trace/);
    t.is(cursor.decision, 0);
    // Even a decision that matches the plan's next entry now goes to the fallback.
    t.is(selector.select([{ seq: 100, task: 0 }, { seq: 101, task: 1 }, { seq: 102, task: 2 }], { at: 5, step: 0, index: 1 }), 2);
    t.is(fallback.calls, 2);
  });
}

test('replay goes off track when the recorded choice is not a candidate', (t) => {
  const cursor = new ReplayCursor({ decisions: [decision(0, 0, [100, 101], 105)], draws: [] });
  const selector = new ReplaySelector(cursor, new FifoSelector());
  t.is(selector.select(cands(0, 1), point(0)), 0);
  t.not(cursor.offTrack, undefined);
});

test('replay of a random run through the scheduler reproduces its order', (t) => {
  const workload = (s: SimScheduler, log: string[]): void => {
    for (let i = 0; i < 12; i++) s.schedule(() => log.push(`${i}@${s.now()}`), i % 3);
  };
  const recorded: DecisionEvent[] = [];
  const original: string[] = [];
  const rec = new SimScheduler(new RandomSelector(schedulerStream('replay')));
  rec.onDecision = (d) => recorded.push({ t: 'sched.decision', ...d });
  workload(rec, original);
  rec.flush();
  t.notDeepEqual(original, [...original].sort(), 'the random run is not FIFO');

  const cursor = new ReplayCursor({ decisions: recorded, draws: [] });
  const replayed: string[] = [];
  const rep = new SimScheduler(new ReplaySelector(cursor, new FifoSelector()));
  workload(rep, replayed);
  rep.flush();
  t.deepEqual(replayed, original);
  t.is(cursor.offTrack, undefined);
  t.is(cursor.decision, recorded.length);
});

// ---- Strategies ---------------------------------------------------------------------

test('makeSelector builds the selector a strategy names', (t) => {
  const rng = schedulerStream(1);
  t.true(makeSelector({ kind: 'fifo' }, rng) instanceof FifoSelector);
  t.true(makeSelector({ kind: 'random' }, rng) instanceof RandomSelector);
  t.true(makeSelector({ kind: 'pct', depth: 2, steps: 9 }, rng) instanceof PctSelector);
});

test('parseStrategy reads every accepted form', (t) => {
  t.deepEqual(parseStrategy('fifo'), { kind: 'fifo' });
  t.deepEqual(parseStrategy('random'), { kind: 'random' });
  t.deepEqual(parseStrategy('pct'), { kind: 'pct', depth: DEFAULT_PCT_DEPTH, steps: DEFAULT_PCT_STEPS });
  t.deepEqual(parseStrategy('pct:5'), { kind: 'pct', depth: 5, steps: DEFAULT_PCT_STEPS });
  t.deepEqual(parseStrategy('pct:1:40'), { kind: 'pct', depth: 1, steps: 40 });
});

test('formatStrategy gives text that parseStrategy reads back to the same strategy', (t) => {
  const spec: fc.Arbitrary<StrategySpec> = fc.oneof(
    fc.constant({ kind: 'fifo' as const }),
    fc.constant({ kind: 'random' as const }),
    fc.record({
      kind: fc.constant('pct' as const),
      depth: fc.integer({ min: 1, max: 1000 }),
      steps: fc.oneof(fc.constant(DEFAULT_PCT_STEPS), fc.integer({ min: 1, max: 100_000 })),
    }),
  );
  const details = fc.check(
    fc.property(spec, (s) => {
      const text = formatStrategy(s);
      return JSON.stringify(parseStrategy(text)) === JSON.stringify(s) && formatStrategy(parseStrategy(text)) === text;
    }),
    { numRuns: 300 },
  );
  t.false(details.failed, fc.defaultReportMessage(details) ?? '');
  t.is(formatStrategy(parseStrategy('pct')), 'pct:3', 'the default is spelled out');
  t.is(formatStrategy(parseStrategy(`pct:4:${DEFAULT_PCT_STEPS}`)), 'pct:4');
});

test('parseStrategy rejects what it does not understand, naming it', (t) => {
  for (const text of ['', 'lifo', 'FIFO', 'pct:', 'pct:x', 'pct::5', 'pct:1:2:3', 'random:1', 'pct:-1', ' pct']) {
    const e = t.throws(() => parseStrategy(text), { instanceOf: StrategyParseError }, JSON.stringify(text));
    t.true(e?.message.includes(`"${text}"`), e?.message);
  }
  t.throws(() => parseStrategy('pct:0'), { instanceOf: StrategyParseError, message: /depth must be at least 1, got 0/ });
  t.throws(() => parseStrategy('pct:2:0'), { instanceOf: StrategyParseError, message: /steps must be at least 1, got 0/ });
});
