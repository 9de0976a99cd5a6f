/**
 * PCT's probabilistic guarantee, checked empirically: for a bug of depth d (d ordering
 * constraints) among n steps and k tasks, one PCT run finds it with probability at
 * least 1 / (n * k^(d-1)) (Burckhardt et al., ASPLOS 2010, theorem 9).
 *
 * The program: k tasks ("threads"), each an action that reschedules itself with delay
 * 0 for `stepsEach` steps, all runnable at time 0, so every step is a scheduling decision.
 */
import test from 'ava';
import { SeedStreams } from '../../../sim/random.js';
import { SimScheduler } from '../../../sim/scheduler/sim-scheduler.js';
import { makeSelector } from '../../../sim/scheduler/make-selector.js';
import type { StrategySpec } from '../../../sim/scheduler/strategy.js';

const K = 3;
const STEPS_EACH = 4;
const N = K * STEPS_EACH;

/** Runs the k tasks once; returns the execution order as "A1", "B1", … */
function execution(strategy: StrategySpec, seed: number): string[] {
  const s = new SimScheduler(makeSelector(strategy, new SeedStreams(seed).stream('scheduler')));
  const order: string[] = [];
  for (let t = 0; t < K; t++) {
    const name = String.fromCharCode(65 + t);
    let step = 0;
    s.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
      order.push(`${name}${++step}`);
      if (step < STEPS_EACH) this.schedule(undefined, 0);
    });
  }
  s.flush();
  return order;
}

const before = (order: string[], a: string, b: string): boolean => order.indexOf(a) < order.indexOf(b);

/** depth 1: C runs its first step before anything else. */
const depth1 = (o: string[]): boolean => o[0] === 'C1';
/** depth 2: B's first step lands between A's 2nd and 3rd steps. */
const depth2 = (o: string[]): boolean => before(o, 'A2', 'B1') && before(o, 'B1', 'A3');
/** depth 3: A2 < C1 < B2 < A3 — C and then B both slip in between A's 2nd and 3rd steps. */
const depth3 = (o: string[]): boolean => before(o, 'A2', 'C1') && before(o, 'C1', 'B2') && before(o, 'B2', 'A3');

function hitRate(depth: number, bug: (o: string[]) => boolean, runs: number): number {
  let hits = 0;
  for (let seed = 0; seed < runs; seed++) if (bug(execution({ kind: 'pct', depth, steps: N }, seed))) hits++;
  return hits / runs;
}

for (const [d, bug] of [
  [1, depth1],
  [2, depth2],
  [3, depth3],
] as const) {
  test(`PCT with depth ${d} finds a depth-${d} bug at least as often as 1/(n*k^(d-1))`, (t) => {
    const bound = 1 / (N * K ** (d - 1));
    // Enough runs that the bound's expected hits are many (>= 50), so noise cannot fake a pass.
    const runs = Math.ceil(50 / bound);
    const rate = hitRate(d, bug, runs);
    t.log(`depth ${d}: ${runs} runs, hit rate ${rate.toFixed(4)}, bound ${bound.toFixed(4)}`);
    t.true(rate >= bound, `rate ${rate} below the bound ${bound}`);
  });
}

test('every execution is a complete interleaving: all steps run once, each task in order', (t) => {
  for (let seed = 0; seed < 200; seed++) {
    const o = execution({ kind: 'pct', depth: 3, steps: N }, seed);
    t.is(o.length, N);
    for (const name of ['A', 'B', 'C']) {
      const mine = o.filter((x) => x.startsWith(name));
      t.deepEqual(mine, [1, 2, 3, 4].map((i) => `${name}${i}`));
    }
  }
});

test('FIFO never hits the depth-2 bug: the strategy, not luck, finds it', (t) => {
  t.false(depth2(execution({ kind: 'fifo' }, 0)));
});
