/** mergeReports on crafted shard reports: failures across targets and shards, in explore's order. */
import test from 'ava';
import { mergeReports, type ExploreJson, type FailureJson } from '../../../cli/merge-reports.js';

const panic = (message: string, module = 'g'): FailureJson['outcome'] => ({ kind: 'failure', reason: 'panic', message, module });

function report(shard: string, failures: FailureJson[], targets: ExploreJson['targets']): { path: string; report: ExploreJson } {
  return {
    path: `s${shard}.json`,
    report: { outcome: { kind: 'pass' }, seed: '7', strategy: 'random', swarm: true, shard, runs: 10, runsPerSecond: 100, failingRuns: failures.reduce((n, f) => n + f.count, 0), failures, targets },
  };
}

test('the same failure in several shards is one entry: the lowest run kept, counts summed; targets first, then by run', (t) => {
  const targets = (a: number, b: number): ExploreJson['targets'] => [
    { name: 'first', runs: 5, failingRuns: a, distinct: 0 },
    { name: 'second', runs: 5, failingRuns: b, distinct: 0 },
  ];
  const m = mergeReports(
    [
      report('2/2', [
        { target: 'first', run: 1, count: 2, outcome: panic('x'), trace: 'b/x' },
        { target: 'second', run: 3, count: 1, outcome: panic('y') },
      ], targets(2, 1)),
      report('1/2', [
        { target: 'first', run: 4, count: 3, outcome: panic('x'), trace: 'a/x' },
        { target: 'first', run: 0, count: 1, outcome: panic('z') },
        { target: 'second', run: 2, count: 1, outcome: panic('y', 'other module') },
      ], targets(4, 1)),
    ],
    false,
  );
  t.deepEqual(
    m.failures.map((f) => [f.target, f.run, f.count, f.outcome.message, f.outcome.module]),
    [
      ['first', 0, 1, 'z', 'g'],
      ['first', 1, 5, 'x', 'g'],
      // the same message from another module is another failure
      ['second', 2, 1, 'y', 'other module'],
      ['second', 3, 1, 'y', 'g'],
    ],
  );
  t.is(m.failures[1]?.trace, 'b/x');
  t.deepEqual(m.targets, [
    { name: 'first', runs: 10, failingRuns: 6, distinct: 2 },
    { name: 'second', runs: 10, failingRuns: 2, distinct: 2 },
  ]);
  t.like(m, { runs: 20, failingRuns: 8, runsPerSecond: 200, shards: 2, missingShards: [], swarm: true, outcome: { message: 'z' } });
});

test('a report without a shard is the one shard of one', (t) => {
  const { path, report: r } = report('1/1', [], [{ name: 't', runs: 10, failingRuns: 0, distinct: 0 }]);
  const { shard: _shard, ...unsharded } = r;
  const m = mergeReports([{ path, report: unsharded }], false);
  t.like(m, { shards: 1, runs: 10, outcome: { kind: 'pass', reason: 'pass' } });
});

test('reports whose configuration differs (runs, policies, frames, Wasm files) are not merged, naming what differs', (t) => {
  const targets = [{ name: 't', runs: 5, failingRuns: 0, distinct: 0 }];
  const configuration = { runs: 10, stopAtFirst: false, policies: [], frames: null, targets: [{ name: 't', wasm: ['guest t aa'] }] };
  const one = report('1/2', [], targets);
  const two = report('2/2', [], targets);
  const merge = (c1: unknown, c2: unknown): unknown =>
    mergeReports([{ ...one, report: { ...one.report, configuration: c1 } }, { ...two, report: { ...two.report, configuration: c2 } }], false);
  t.notThrows(() => merge(configuration, { ...configuration }));
  t.throws(() => merge(configuration, { ...configuration, targets: [{ name: 't', wasm: ['guest t bb'] }] }), { message: /its targets \(Wasm files\) differs/ });
  t.throws(() => merge(configuration, { ...configuration, runs: 20, frames: '5' }), { message: /its runs, frames differ/ });
  t.throws(() => merge(configuration, undefined), { message: /its configuration differs/ });
  t.throws(() => merge({ ...configuration, build: '0.1.0+aaaaaaaaaaaa' }, { ...configuration, build: '0.1.0+bbbbbbbbbbbb' }), {
    message: /its arksim build differs/,
  });
});
