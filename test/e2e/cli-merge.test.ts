/** `arksim merge`: shard reports of a CI matrix combine into the unsharded report; bad sets are exit 2. */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('cli-merge');
const G = 'test/guests';
const ORDER = ['--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--policy', 'latency=fixed:16667', '--frames', '20', '--strategy', 'random'];

/** Runs explore with `args`, writing its JSON report to `name`; returns the path. */
function explore(name: string, args: readonly string[], code: number): string {
  const r = arksim(['explore', ...args, '--json', '--save', join(dir, `${name}-found`)]);
  if (r.code !== code) throw new Error(`explore ${name}: exit ${r.code}: ${r.stderr}`);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, r.stdout);
  return path;
}

/** A report without what depends on where its shard saved its traces. */
function comparable(report: Record<string, unknown>): unknown {
  const failures = (report.failures as Record<string, unknown>[]).map(({ trace: _t, original: _o, replay: _r, ...rest }) => rest);
  return { outcome: report.outcome, runs: report.runs, failingRuns: report.failingRuns, failures, targets: report.targets };
}

test('three shard reports merge into the unsharded report: runs, failing runs, each failure first met at the same run', (t) => {
  const all = explore('all', [...ORDER, '--runs', '60'], 1);
  const shards = [3, 1, 2].map((i) => explore(`s${i}`, [...ORDER, '--runs', '60', '--shard', `${i}/3`], 1));
  const r = arksim(['merge', ...shards, '--json']);
  t.is(r.code, 1, r.stderr);
  const merged = JSON.parse(r.stdout) as Record<string, unknown>;
  const unsharded = JSON.parse(readFileSync(all, 'utf8')) as Record<string, unknown>;
  t.deepEqual(comparable(merged), comparable(unsharded));
  t.like(merged, { shards: 3, missingShards: [], seed: '1', strategy: 'random', swarm: false });
  const text = arksim(['merge', ...shards]);
  t.is(text.code, 1);
  t.regex(text.stdout, /all 3 shard\(s\), seed 1, random: 60 runs, 1 distinct failure\(s\)/);
  t.regex(text.stdout, /first at run \d+ \(seed \d+\)/);
});

test('shards that found nothing merge to a pass: exit 0', (t) => {
  const shards = [1, 2].map((i) => explore(`pass${i}`, ['fanout', '--runs', '30', '--shard', `${i}/2`], 0));
  const r = arksim(['merge', ...shards, '--json']);
  t.is(r.code, 0, r.stderr);
  t.like(JSON.parse(r.stdout), { outcome: { kind: 'pass' }, runs: 30, failingRuns: 0, failures: [], targets: [{ name: 'fanout', runs: 30, distinct: 0 }] });
});

test('a missing, repeated or foreign shard, or a file that is no report, is exit 2 with one line', (t) => {
  const [a, b] = [1, 2].map((i) => explore(`bad${i}`, ['fanout', '--runs', '30', '--shard', `${i}/3`], 0)) as [string, string];
  const otherSeed = explore('seed9', ['fanout', '--runs', '30', '--shard', '3/3', '--seed', '9'], 0);
  const otherRuns = explore('runs60', ['fanout', '--runs', '60', '--shard', '3/3'], 0);
  const otherPolicy = explore('deferred', ['fanout', '--runs', '30', '--shard', '3/3', '--policy', 'errors=deferred'], 0);
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, 'hello');
  const notReport = join(dir, 'list.json');
  writeFileSync(notReport, '[1, 2]');
  const cases: [string[], RegExp][] = [
    [[a, b], /shard\(s\) 3\/3 missing/],
    [[a, a, b], /shard 1\/3 is also/],
    [[a, b, otherSeed], /seed "9" differs/],
    [[a, b, otherRuns], /its runs differs/],
    [[a, b, otherPolicy], /its policies differs/],
    [[a, notJson], /not JSON/],
    [[a, notReport], /not an explore --json report/],
    [[a, join(dir, 'nothing.json')], /no such file/],
  ];
  for (const [files, message] of cases) {
    const r = arksim(['merge', ...files]);
    t.is(r.code, 2, files.join(' '));
    t.true(isOneLineError(r.stderr), r.stderr);
    t.regex(r.stderr, message);
  }
  // --allow-missing merges what there is, and says what is missing.
  const partial = arksim(['merge', a, b, '--allow-missing', '--json']);
  t.is(partial.code, 0);
  t.like(JSON.parse(partial.stdout), { shards: 3, missingShards: [3], runs: 20 });
});

test('shards of a catalogue exploration with --stop-at-first merge, though each stopped at its own first failing target', (t) => {
  const args = ['--runs', '6', '--policy', 'faults=0.2', '--seed', '100', '--stop-at-first'];
  const shards = [1, 2, 3, 4, 5, 6].map((i) => explore(`stop${i}`, [...args, '--shard', `${i}/6`], 1));
  const explored = shards.map((p) => (JSON.parse(readFileSync(p, 'utf8')) as { targets: { name: string }[] }).targets.map((x) => x.name));
  t.true(new Set(explored.map((e) => e.length)).size > 1, 'the shards stopped at different targets');
  const r = arksim(['merge', ...shards, '--json']);
  t.is(r.code, 1, r.stderr);
  const merged = JSON.parse(r.stdout) as { targets: { name: string; runs: number }[]; runs: number };
  const longest = explored.reduce((a, b) => (b.length > a.length ? b : a));
  t.deepEqual(merged.targets.map((x) => x.name), longest);
  t.is(merged.targets.reduce((s, x) => s + x.runs, 0), merged.runs);
});
