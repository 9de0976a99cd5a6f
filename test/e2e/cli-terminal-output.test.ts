/**
 * What the CLI writes to a terminal or a pipe: text from guests and traces stays one
 * inert line (no escape sequences, no embedded newlines), a reader that goes away early
 * does not change the exit code, and output that cannot be written is one line and exit 2.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileTarget, TraceWriter } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { sampleHeader } from '../unit/recorder/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terminal');

/** Clears the screen, colours red, retitles the window, rings the bell, breaks the line, an 8-bit CSI, a bidi override. */
const EVIL = '\u001b[2J\u001b[31mEVIL\u001b]0;pwned\u0007\nsecond line\u009b31m\u202eright-to-left';
/** Anything a terminal would act on rather than show (newline aside, which ends lines). */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function evilTrace(name: string, message: string): string {
  const path = join(dir, name);
  const events: TraceEvent[] = [
    { t: 'frame', at: 0, index: 0 },
    { t: 'ffi.create_function', at: 0, caller: EVIL, fnType: 1, module: EVIL, name: EVIL, code: 0, handle: 1n },
    { t: 'req.launched', at: 0, request: 2n, caller: EVIL, module: EVIL, fn: EVIL, blocking: false, due: 5 },
    { t: 'module.fault', at: 5, request: 2n, caller: EVIL, module: EVIL, fn: EVIL, kind: 'panic', message },
    { t: 'log', at: 5, module: EVIL, message },
  ];
  const outcome = { kind: 'failure', reason: 'panic', message, module: EVIL, file: EVIL, line: 1, column: 2 } as const;
  const writer = new TraceWriter(sampleHeader({ seed: EVIL, wasm: [{ name: EVIL, role: 'guest', sha256: 'a'.repeat(64) }] }), fileTarget(path));
  for (const e of events) writer.emit(e);
  writer.emit({ t: 'run.outcome', at: 5, outcome });
  writer.finish(outcome);
  return path;
}

const a = evilTrace('a.trace', EVIL);
const b = evilTrace('b.trace', `${EVIL} (b)`);

test('inspect shows guest text escaped: no control sequence reaches the terminal, no row is split', (t) => {
  const r = arksim(['inspect', a]);
  t.is(r.code, 0, r.stderr);
  t.false(ACTIVE.test(r.stdout), JSON.stringify(r.stdout));
  t.true(r.stdout.includes('\\x1b[2J\\x1b[31mEVIL\\x1b]0;pwned\\x07\\nsecond line\\x9b31m\\u202eright-to-left'));
  // One line per event: each row starts with its index.
  for (const index of [0, 1, 2, 3, 4, 5]) t.regex(r.stdout, new RegExp(`^\\s*#${index}\\s`, 'm'));
  t.is(r.stdout.split('\n').filter((l) => l.includes('second line')).length, r.stdout.split('\n').filter((l) => l.includes('EVIL')).length);
});

test('diff shows both outcomes, header values and field differences escaped', (t) => {
  const r = arksim(['diff', a, b]);
  t.is(r.code, 1, r.stderr);
  t.false(ACTIVE.test(r.stdout), JSON.stringify(r.stdout));
  t.true(r.stdout.includes('second line'));
});

test('an error quoting trace text is one inert line', (t) => {
  // A header naming a scenario that does not exist: the name is the trace's text.
  const path = join(dir, 'scenario.trace');
  const writer = new TraceWriter(sampleHeader({ scenario: EVIL }), fileTarget(path));
  writer.finish({ kind: 'pass' });
  const r = arksim(['replay', path]);
  t.is(r.code, 2);
  t.true(isOneLineError(r.stderr), JSON.stringify(r.stderr));
  t.false(ACTIVE.test(r.stderr.trimEnd()), JSON.stringify(r.stderr));
});

/** Runs `arksim ARGS | head -c 100` in bash; returns arksim's exit code (PIPESTATUS), not head's. */
function exitCodeIntoClosedPipe(args: readonly string[]): string {
  const quoted = args.map((s) => `'${s.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `'${process.execPath}' bin/arksim.js ${quoted} | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return r.stdout.trim();
}

test('a reader that closes the pipe early does not change the exit code', (t) => {
  // large-io's events carry 1 MiB buffers: diff --json writes megabytes, far past a pipe's buffer,
  // so arksim is still writing when head has gone.
  const x = join(dir, 'x.trace');
  const y = join(dir, 'y.trace');
  t.is(arksim(['run', 'large-io', '--seed', '1', '--out', x]).code, 0);
  t.is(arksim(['run', 'large-io', '--seed', '2', '--out', y]).code, 0);
  t.is(exitCodeIntoClosedPipe(['diff', '--json', x, y]), '1', 'different traces stay exit 1');
  t.is(exitCodeIntoClosedPipe(['diff', '--json', x, x]), '0', 'identical traces stay exit 0');
  t.is(exitCodeIntoClosedPipe(['inspect', '--json', x]), '0');
});

test('output that cannot be written is exit 2 with one line', (t) => {
  const trace = join(dir, 'fanout.trace');
  t.is(arksim(['run', 'fanout', '--out', trace]).code, 0);
  const r = spawnSync('bash', ['-c', `'${process.execPath}' bin/arksim.js inspect '${trace}' > /dev/full`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  t.is(r.status, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /cannot write to standard output: ENOSPC/);
});

test('oneLine escapes what a terminal would act on and leaves other text alone', async (t) => {
  const { oneLine } = await import('../../cli/view/values.js');
  t.is(oneLine('a\tb\nc\u0000d\u007f\u0085\u009b\u2028\u202e\u2066é😀'), 'a\\tb\\nc\\x00d\\x7f\\x85\\x9b\\u2028\\u202e\\u2066é😀');
});
