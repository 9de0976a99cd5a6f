import test from 'ava';
import { batchSize, ExplorePool } from '../../../cli/explore-pool.js';
import { loadWasmTarget } from '../../../cli/wasm-target.js';
import { fanout } from '../../../scenarios/catalogue/fanout.js';
import { fanoutWide } from '../../../scenarios/catalogue/fanout-wide.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { explore } from '../../../sim/explore/explore.js';
import { parseShard, type ExploreConfig } from '../../../sim/explore/plan.js';
import type { RunTarget } from '../../../sim/explore/target.js';

const config = (over: Partial<ExploreConfig> = {}): ExploreConfig => ({
  runs: 300,
  seed: '5',
  strategy: { kind: 'random' },
  swarm: false,
  stopAtFirst: false,
  ...over,
});

// Too few frames for some interleavings: a target that fails on some runs, not all.
const tight = (frames: number): RunTarget => scenarioTarget(fanout, { policies: (p) => p, frames });

test('a 2-worker pool gives the in-process report: same runs, failures and order', async (t) => {
  const pool = new ExplorePool(2);
  try {
    for (const c of [config(), config({ stopAtFirst: true }), config({ shard: parseShard('2/3') }), config({ swarm: true })]) {
      const alone = explore(tight(4), c);
      t.true(alone.failures.length > 0 && alone.failures.length < alone.runs, 'the target fails on some runs only');
      t.deepEqual(await pool.explore(tight(4), c), alone);
    }
  } finally {
    await pool.close();
  }
});

test('one pool serves several targets in turn, each rebuilt with its own budgets', async (t) => {
  const pool = new ExplorePool(2);
  try {
    const targets = [tight(4), scenarioTarget(fanoutWide), tight(3), tight(4)];
    const reports = [];
    for (const target of targets) reports.push(await pool.explore(target, config({ runs: 150 })));
    t.deepEqual(reports, targets.map((target) => explore(target, config({ runs: 150 }))));
    // Different frame budgets are different targets: the worker must not reuse the first.
    t.notDeepEqual(reports[0], reports[2]);
  } finally {
    await pool.close();
  }
});

test('a Wasm target explores on the pool as it does in process', async (t) => {
  const G = new URL('../../../../test/guests/', import.meta.url).pathname;
  const target = loadWasmTarget(`${G}order_guest.wasm`, [{ name: 'callee', path: `${G}callee.wasm` }], {
    policies: (p) => ({ ...p, latency: { kind: 'fixed', us: 16_667 } }),
    frames: 20,
  });
  const c = config({ runs: 120 });
  const pool = new ExplorePool(2);
  try {
    const report = await pool.explore(target, c);
    t.true(report.failures.length > 0);
    t.deepEqual(report, explore(target, c));
  } finally {
    await pool.close();
  }
});

test('a target the worker cannot rebuild rejects that exploration and leaves the pool usable', async (t) => {
  const pool = new ExplorePool(2);
  try {
    const missing: RunTarget = { ...tight(3), ref: { kind: 'wasm', guest: '/nonexistent/guest.wasm', modules: [] } };
    await t.throwsAsync(pool.explore(missing, config()), { message: /no such file/ });
    t.deepEqual(await pool.explore(tight(3), config({ runs: 100 })), explore(tight(3), config({ runs: 100 })));
  } finally {
    await pool.close();
  }
});

test('batches: at least 16 runs, at most 256, about 16 per worker in between', (t) => {
  t.is(batchSize(10, 2), 16);
  t.is(batchSize(1000, 2), 32);
  t.is(batchSize(48_000, 2), 256);
  t.is(batchSize(4000, 1), 250);
});
