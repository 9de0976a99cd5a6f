/**
 * An output path that cannot be written (--out, --save) is bad usage: exit 2 and one
 * line, found before the run, shrink or exploration, never a stack trace with exit 1
 * (which would read as "a failure was found").
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arksim, isOneLineError, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('out');
const G = 'test/guests';
/** A Wasm run that fails (a panic), seed 5: something to shrink and explore. */
const failing = ['--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--policy', 'latency=fixed:16667', '--frames', '20', '--strategy', 'random'];

function badUsage(t: ExecutionContext, r: CliResult, what: string): void {
  t.is(r.code, 2, `${what}: ${r.stderr}`);
  t.true(isOneLineError(r.stderr) && /cannot (write|save)/.test(r.stderr), `${what}: ${JSON.stringify(r.stderr)}`);
}

test('run --out into a missing directory, or onto a directory, is exit 2 with one line', (t) => {
  const adir = join(dir, 'run-dir');
  mkdirSync(adir);
  badUsage(t, arksim(['run', 'fanout', '--out', join(dir, 'nodir', 'x.trace')]), 'missing directory');
  badUsage(t, arksim(['run', 'fanout', '--out', adir]), 'a directory');
  t.deepEqual(readdirSync(adir), []);
  t.false(readdirSync(dir).some((f) => f.endsWith('.partial')));
});

test('shrink --out into a missing directory, or onto a directory, is exit 2 before shrinking', (t) => {
  const trace = join(dir, 'failing.trace');
  t.is(arksim(['run', ...failing, '--seed', '5', '--out', trace]).code, 1);
  badUsage(t, arksim(['shrink', trace, '--out', join(dir, 'nodir', 'x.trace')]), 'missing directory');
  badUsage(t, arksim(['shrink', trace, '--out', dir]), 'a directory');
});

test('explore --save naming a regular file is exit 2 before exploring', (t) => {
  const file = join(dir, 'somefile');
  writeFileSync(file, '');
  // A hundred million runs: only a check made before exploring returns in time.
  for (const save of [file, join(file, 'sub')]) {
    const r = arksim(['explore', ...failing, '--runs', '100000000', '--save', save]);
    badUsage(t, r, save);
    t.is(r.stdout, '');
  }
});

test('run --out onto a FIFO or a device is exit 2 with one line, and leaves it as it was', (t) => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  for (const target of [fifo, '/dev/null']) {
    const r = arksim(['run', 'fanout', '--out', target]);
    t.is(r.code, 2, `${target}: ${r.stderr}`);
    t.true(isOneLineError(r.stderr) && /not a regular file/.test(r.stderr), r.stderr);
  }
  t.true(statSync(fifo).isFIFO());
  t.true(statSync('/dev/null').isCharacterDevice());
});
