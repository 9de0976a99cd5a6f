import test from 'ava';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../../scenarios/index.js';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('cli');

test('--help works for arksim and every command', (t) => {
  const top = arksim(['--help']);
  t.is(top.code, 0);
  for (const cmd of ['list', 'run', 'explore', 'merge', 'replay', 'shrink', 'inspect', 'diff', 'export']) {
    t.regex(top.stdout, new RegExp(`\\b${cmd}\\b`));
    const r = arksim([cmd, '--help']);
    t.is(r.code, 0, cmd);
    t.regex(r.stdout, /Usage: arksim/);
  }
});

test('list prints one line per catalogue scenario; --json gives one object: scenarios with name, description, tags', (t) => {
  const r = arksim(['list']);
  t.is(r.code, 0);
  t.is(r.stdout.trim().split('\n').length, catalogue.length);
  const { scenarios: rows } = JSON.parse(arksim(['list', '--json']).stdout) as { scenarios: { name: string; description: string; tags: string[] }[] };
  t.deepEqual(rows.map((x) => x.name), catalogue.map((s) => s.name));
  t.true(rows.every((x) => typeof x.description === 'string' && Array.isArray(x.tags)));
});

test('run passes with exit 0, writes the trace, and its --json has the documented shape', (t) => {
  const out = join(dir, 'run.trace');
  const r = arksim(['run', 'fanout', '--seed', 'abc', '--strategy', 'random', '--policy', 'errors=deferred', '--out', out, '--json']);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  t.deepEqual(j['outcome'], { kind: 'pass', reason: 'pass' });
  t.is(j['seed'], 'abc');
  t.is(j['trace'], out);
  t.like(j['policies'] as object, { errors: 'deferred' });
  t.is(typeof j['rerun'], 'string');
});

test('replay of a recorded trace matches (exit 0); check mode passes', (t) => {
  const out = join(dir, 'replay.trace');
  t.is(arksim(['run', 'fanout', '--seed', '3', '--strategy', 'random', '--out', out]).code, 0);
  const exact = arksim(['replay', out]);
  t.is(exact.code, 0, exact.stderr);
  t.regex(exact.stdout, /replay matched: \d+ events reproduced exactly/);
  const json = JSON.parse(arksim(['replay', out, '--json']).stdout) as Record<string, unknown>;
  t.like(json, { outcome: { kind: 'pass', reason: 'pass' }, seed: '3', matched: true, mode: 'exact', trace: out });
  t.is(arksim(['replay', out, '--mode', 'check']).code, 0);
  const guestOnly = JSON.parse(arksim(['replay', out, '--guest-only', '--json']).stdout) as Record<string, unknown>;
  t.like(guestOnly, { matched: true, mode: 'guest-only', outcome: { kind: 'pass', reason: 'pass' } });
});

test('explore of a passing scenario exits 0 with runs and runsPerSecond in --json', (t) => {
  const r = arksim(['explore', 'fanout', '--runs', '50', '--json', '--save', join(dir, 'found')]);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  t.like(j, { outcome: { kind: 'pass', reason: 'pass' }, runs: 50, failures: [] });
  t.true((j['runsPerSecond'] as number) > 0);
});

test('explore with no scenario explores the whole catalogue (the main job)', (t) => {
  const r = arksim(['explore', '--runs', '20', '--json', '--save', join(dir, 'found')]);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { runs: number; targets: { name: string }[] };
  t.is(j.runs, 20 * catalogue.length);
  t.deepEqual(j.targets.map((x) => x.name), catalogue.map((s) => s.name));
});

test('explore --shard splits the runs', (t) => {
  const a = JSON.parse(arksim(['explore', 'fanout', '--runs', '10', '--shard', '1/3', '--json']).stdout) as { runs: number; shard: string };
  t.is(a.runs, 4);
  t.is(a.shard, '1/3');
});

test('explore --workers 2 reports and saves exactly what one thread does', (t) => {
  const explore = (workers: string): Record<string, unknown> => {
    const save = join(dir, `workers-${workers}`);
    const r = arksim(['explore', 'fanout', '--runs', '120', '--frames', '4', '--workers', workers, '--json', '--save', save]);
    t.is(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout.replaceAll(save, 'SAVE')) as Record<string, unknown>;
    delete j['runsPerSecond'];
    return j;
  };
  const one = explore('1');
  t.true((one['failingRuns'] as number) > 0);
  t.deepEqual(explore('2'), one);
});

test('bad usage and bad input give exit 2 and one line on stderr, no stack trace', (t) => {
  const garbage = join(dir, 'garbage.trace');
  writeFileSync(garbage, 'this is not a trace at all');
  const cases: [string, string[]][] = [
    ['unknown scenario', ['run', 'no-such-scenario']],
    ['bad flag', ['run', 'fanout', '--no-such-flag']],
    ['bad policy', ['run', 'fanout', '--policy', 'errors=sometimes']],
    ['bad strategy', ['run', 'fanout', '--strategy', 'lucky']],
    ['bad runs', ['explore', 'fanout', '--runs', '0']],
    // Past 2^53-1 a number is rounded (or read as 1e20): refused, not taken as another value.
    ['unsafe frames', ['run', 'fanout', '--frames', '99999999999999999999']],
    ['unsafe runs', ['explore', 'fanout', '--runs', '9007199254740993']],
    ['bad shard', ['explore', 'fanout', '--shard', '4/3']],
    ['missing trace', ['replay', join(dir, 'missing.trace')]],
    ['corrupt trace', ['replay', garbage]],
    ['shrink a missing trace', ['shrink', join(dir, 'missing.trace')]],
    ['unknown command', ['frobnicate']],
    ['bad replay mode', ['replay', garbage, '--mode', 'sideways']],
  ];
  for (const [what, args] of cases) {
    const r = arksim(args);
    t.is(r.code, 2, `${what}: ${r.stderr}`);
    t.true(isOneLineError(r.stderr), `${what}: ${JSON.stringify(r.stderr)}`);
  }
});

test('shrink refuses a passing trace with exit 2', (t) => {
  const out = join(dir, 'pass.trace');
  arksim(['run', 'fanout', '--out', out]);
  const r = arksim(['shrink', out]);
  t.is(r.code, 2);
  t.regex(r.stderr, /only a failing trace can be shrunk/);
  t.false(readdirSync(dir).some((f) => f.includes('shrunk')));
});

test('--workers past the most worker threads is refused before any thread starts: exit 2, one line', (t) => {
  for (const workers of ['257', '9007199254740991']) {
    const r = arksim(['explore', 'fanout', '--runs', '10', '--workers', workers]);
    t.is(r.code, 2, r.stderr);
    t.true(isOneLineError(r.stderr), r.stderr);
    t.regex(r.stderr, /--workers must be from 1 to 256/);
  }
});
