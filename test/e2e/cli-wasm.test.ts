import test from 'ava';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('cli-wasm');
const G = 'test/guests';

test('run --wasm of the edge-case guest against callee passes under both error timings', (t) => {
  for (const errors of ['eager', 'deferred']) {
    const r = arksim(['run', '--wasm', `${G}/edge_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--frames', '200', '--policy', `errors=${errors}`, '--json']);
    t.is(r.code, 0, r.stderr);
    t.like(JSON.parse(r.stdout), { outcome: { kind: 'pass' }, seed: '1', frames: 200 });
  }
});

test("a guest panic exits 1 with the guest's message, file and line in --json", (t) => {
  const r = arksim(['run', '--wasm', `${G}/panic_guest.wasm`, '--json']);
  t.is(r.code, 1);
  const j = JSON.parse(r.stdout) as { outcome: Record<string, unknown> };
  t.like(j.outcome, { kind: 'failure', reason: 'panic', message: 'guest gave up at frame 3', file: 'rust/panic_guest.rs' });
  t.is(typeof j.outcome['line'], 'number');
});

test('a guest importing something the host does not provide is exit 2, one line naming the import', (t) => {
  const r = arksim(['run', '--wasm', `${G}/bad_import.wasm`]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /module_run__teleport/);
  const sig = arksim(['run', '--wasm', `${G}/bad_sig.wasm`]);
  t.is(sig.code, 2);
  t.regex(sig.stderr, /module_run__is_ready/);
});

test('missing and invalid Wasm files are exit 2 with one line', (t) => {
  for (const args of [
    ['run', '--wasm', join(dir, 'nope.wasm')],
    ['run', '--wasm', 'README.md'],
    ['run', '--wasm', `${G}/edge_guest.wasm`, '--module', 'callee'],
    ['run', 'fanout', '--wasm', `${G}/edge_guest.wasm`],
  ]) {
    const r = arksim(args);
    t.is(r.code, 2, args.join(' '));
    t.true(isOneLineError(r.stderr), `${args.join(' ')}: ${r.stderr}`);
  }
});

test('a guest that loops forever ends on its fuel budget, not a hang', (t) => {
  const r = arksim(['run', '--wasm', `${G}/loop.wasm`, '--json']);
  t.is(r.code, 1);
  t.like(JSON.parse(r.stdout), { outcome: { kind: 'failure', reason: 'budget-exhausted' } });
});

test('explore --wasm finds the launch-order bug; the saved shrunk trace replays exactly from the printed command', (t) => {
  const save = join(dir, 'found');
  const r = arksim([
    'explore', '--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`,
    '--policy', 'latency=fixed:16667', '--frames', '20', '--runs', '100', '--save', save, '--json',
  ]);
  t.is(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout) as { failures: { trace: string; replay: string; outcome: { message: string } }[] };
  t.is(j.failures.length, 1);
  const f = j.failures[0]!;
  t.is(f.outcome.message, 'completions out of launch order');
  t.is(f.replay, `arksim replay ${f.trace}`);
  // The printed command works as printed: the trace records where its Wasm files are.
  const replay = arksim(['replay', f.trace, '--json']);
  t.is(replay.code, 0, replay.stderr);
  t.like(JSON.parse(replay.stdout), { matched: true, outcome: { kind: 'failure', reason: 'panic', message: 'completions out of launch order' } });
  // With fifo the bug never shows.
  const fifo = arksim(['explore', '--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--policy', 'latency=fixed:16667', '--frames', '20', '--runs', '100', '--strategy', 'fifo', '--save', save]);
  t.is(fifo.code, 0);
});

test('replay refuses a Wasm file that is not the one the trace recorded', (t) => {
  const out = join(dir, 'edge.trace');
  t.is(arksim(['run', '--wasm', `${G}/edge_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--frames', '100', '--out', out]).code, 0);
  const r = arksim(['replay', out, '--module', `callee=${G}/loop_callee.wasm`]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr));
  t.regex(r.stderr, /callee: the file given is not the one recorded/);
  t.is(arksim(['replay', out]).code, 0);
});

test('replay accepts the recorded guest under another file name: the file is checked by its hash, the name comes from the trace', (t) => {
  const out = join(dir, 'edge-renamed.trace');
  t.is(arksim(['run', '--wasm', `${G}/edge_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--frames', '100', '--out', out]).code, 0);
  const renamed = join(dir, 'renamed.wasm');
  copyFileSync(`${G}/edge_guest.wasm`, renamed);
  const r = arksim(['replay', out, '--wasm', renamed]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /replay matched/);
  // Another file under the recorded name is still refused.
  t.is(arksim(['replay', out, '--wasm', `${G}/panic_guest.wasm`]).code, 2);
});

test('replay of a scenario trace refuses --wasm and --module rather than running something else', (t) => {
  const out = join(dir, 'fanout.trace');
  t.is(arksim(['run', 'fanout', '--seed', '7', '--out', out]).code, 0);
  for (const extra of [['--wasm', `${G}/panic_guest.wasm`], ['--module', `callee=${G}/callee.wasm`]]) {
    const r = arksim(['replay', out, ...extra]);
    t.is(r.code, 2);
    t.true(isOneLineError(r.stderr));
    t.regex(r.stderr, /recorded catalogue scenario "fanout"/);
  }
});

test("explore --out writes the first distinct failure's shrunk trace; a clean exploration writes nothing", (t) => {
  const out = join(dir, 'first-failure.trace');
  const r = arksim([
    'explore', '--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--policy', 'latency=fixed:16667',
    '--frames', '20', '--runs', '40', '--strategy', 'random', '--save', join(dir, 'found-out'), '--out', out, '--json',
  ]);
  t.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { failures: { trace: string }[] };
  t.deepEqual(readFileSync(out), readFileSync(report.failures[0]?.trace ?? ''));
  t.is(arksim(['replay', out]).code, 0);
  const none = join(dir, 'none.trace');
  t.is(arksim(['explore', 'fanout', '--runs', '20', '--out', none]).code, 0);
  t.false(existsSync(none));
});

test('replay --mode check runs a changed (fixed) guest file; exact mode still refuses it', (t) => {
  const out = join(dir, 'panic-guest.trace');
  t.is(arksim(['run', '--wasm', `${G}/panic_guest.wasm`, '--frames', '10', '--out', out]).code, 1);
  // wild.wasm stands in for the fixed guest: another file, under the recorded guest name, that does not panic.
  const fixed = arksim(['replay', out, '--mode', 'check', '--wasm', `${G}/wild.wasm`]);
  t.is(fixed.code, 0, fixed.stderr);
  t.regex(fixed.stdout, /check: pass/);
  const exact = arksim(['replay', out, '--wasm', `${G}/wild.wasm`]);
  t.is(exact.code, 2);
  t.regex(exact.stderr, /panic_guest: the file given is not the one recorded/);
});

test('bad input found inside a worker thread is exit 2 with one line, as on the main thread', (t) => {
  // (memory 1 1 shared) and an ark_applet_update using i32.atomic.rmw.add: valid, but not meterable.
  const threads = join(dir, 'threads.wasm');
  writeFileSync(threads, Buffer.from('AGFzbQEAAAABBAFgAAADAgEABQQBAwEBBx4CBm1lbW9yeQIAEWFya19hcHBsZXRfdXBkYXRlAAAKDQELAEEAQQH+HgIAGgs=', 'base64'));
  for (const workers of ['1', '2']) {
    const r = arksim(['explore', '--wasm', threads, '--runs', '5', '--save', join(dir, 'threads-found'), '--workers', workers, '--json']);
    t.is(r.code, 2, `--workers ${workers}: ${r.stderr}`);
    t.true(isOneLineError(r.stderr), r.stderr);
    t.regex(r.stderr, /threads\/atomics instructions \(0xFE\) are not supported/);
  }
});
