import test from 'ava';
import { explore, runBatch } from '../../../sim/explore/explore.js';
import { parseShard, planRun, runIndices, runsAt, seedForRun, shardRuns, swarmPolicies } from '../../../sim/explore/plan.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import type { ExploreConfig } from '../../../sim/explore/plan.js';
import { assumesEagerErrors, assumesLaunchOrder, assumesOneFrame } from '../../fixtures/buggy-guests.js';

const config = (over: Partial<ExploreConfig> = {}): ExploreConfig => ({
  runs: 200,
  seed: '1',
  strategy: { kind: 'random' },
  swarm: false,
  stopAtFirst: false,
  ...over,
});

test('run seeds count up from a numeric base and get a suffix otherwise', (t) => {
  t.deepEqual([0, 1, 2].map((i) => seedForRun('41', i)), ['41', '42', '43']);
  t.is(seedForRun('ci', 3), 'ci#3');
});

test('shards split the runs into disjoint sets that cover them all', (t) => {
  const shards = [1, 2, 3].map((i) => runIndices(10, parseShard(`${i}/3`)));
  t.deepEqual(shards.flat().sort((a, b) => a - b), [...Array(10).keys()]);
  t.deepEqual(shards[0], [0, 3, 6, 9]);
  for (const bad of ['0/3', '4/3', '1/0', 'x', '1/']) t.throws(() => parseShard(bad), undefined, bad);
});

test("a shard's runs are described, not listed: any --runs up to 2^53 - 1, each index where the filter puts it", (t) => {
  for (const runs of [0, 1, 2, 7, 10, 33]) {
    for (const count of [1, 2, 3, 7]) {
      for (let index = 0; index < count; index++) {
        const naive = [...Array(runs).keys()].filter((i) => i % count === index);
        const range = shardRuns(runs, { index, count });
        t.is(range.count, naive.length, `${runs} runs, shard ${index + 1}/${count}`);
        t.deepEqual(runsAt(range, 0, range.count), naive);
        t.deepEqual(runsAt(range, 1, 3), naive.slice(1, 3));
      }
    }
  }
  const huge = shardRuns(Number.MAX_SAFE_INTEGER, { index: 2, count: 3 });
  t.is(huge.count, 3002399751580330);
  t.deepEqual(runsAt(huge, huge.count - 2, huge.count + 5), [Number.MAX_SAFE_INTEGER - 5, Number.MAX_SAFE_INTEGER - 2]);
});

test('swarm draws policies from the run seed, and all kinds show up', (t) => {
  const ps = Array.from({ length: 200 }, (_, i) => swarmPolicies(String(i), DEFAULT_POLICIES));
  t.deepEqual(swarmPolicies('5', DEFAULT_POLICIES), ps[5]);
  const kinds = (xs: string[]): string[] => [...new Set(xs)].sort();
  t.deepEqual(kinds(ps.map((p) => p.errors)), ['deferred', 'eager']);
  t.deepEqual(kinds(ps.map((p) => p.handles)), ['random', 'sequential']);
  t.true(new Set(ps.map((p) => JSON.stringify(p.latency))).size >= 5);
});

test('explore finds a guest that assumes launch order, with the random strategy', (t) => {
  const report = explore(assumesLaunchOrder, config());
  t.true(report.failures.length > 0);
  t.is(report.distinct.length, 1);
  t.like(report.distinct[0]?.outcome, { reason: 'panic', message: 'completions out of launch order' });
});

test('with fifo and a fixed latency the launch-order bug never shows: the strategy is what finds it', (t) => {
  const report = explore(assumesLaunchOrder, config({ strategy: { kind: 'fifo' } }));
  t.is(report.failures.length, 0);
  t.is(report.runs, 200);
});

test('explore with swarm finds a guest that assumes eager errors', (t) => {
  t.is(explore(assumesEagerErrors, config({ swarm: false })).failures.length, 0, 'the default policy is eager');
  const report = explore(assumesEagerErrors, config({ swarm: true }));
  t.true(report.failures.length > 0);
  t.true(report.failures.every((f) => f.plan.policies.errors === 'deferred'));
});

test('explore finds a guest that assumes one frame is enough, under the default latency', (t) => {
  const report = explore(assumesOneFrame, config({ strategy: { kind: 'fifo' } }));
  t.true(report.failures.length > 0);
  t.like(report.distinct[0]?.outcome, { message: 'result not ready one frame after launch' });
});

test('stop-at-first stops at the first failing run, by index', (t) => {
  const all = explore(assumesOneFrame, config());
  const first = explore(assumesOneFrame, config({ stopAtFirst: true }));
  t.is(first.failures.length, 1);
  t.deepEqual(first.failures[0], all.failures[0]);
  t.is(first.runs, (all.failures[0]?.plan.index ?? -1) + 1);
});

test('the same runs in any split give the same failures in the same order', (t) => {
  const whole = explore(assumesLaunchOrder, config({ runs: 120 }));
  const merged = [1, 2, 3]
    .flatMap((i) => explore(assumesLaunchOrder, config({ runs: 120, shard: parseShard(`${i}/3`) })).failures)
    .sort((a, b) => a.plan.index - b.plan.index);
  t.deepEqual(merged, whole.failures);
  const batches = [runIndices(120, undefined).slice(0, 50), runIndices(120, undefined).slice(50)];
  const batched = batches.flatMap((b) => runBatch(assumesLaunchOrder, config({ runs: 120 }), b)).filter((s) => s.outcome.kind === 'failure');
  t.deepEqual(batched, whole.failures);
});

test('planRun is a pure function of the configuration and the index', (t) => {
  const c = config({ swarm: true });
  t.deepEqual(planRun(c, DEFAULT_POLICIES, 17), planRun(c, DEFAULT_POLICIES, 17));
  t.notDeepEqual(planRun(c, DEFAULT_POLICIES, 17), planRun(c, DEFAULT_POLICIES, 18));
});
