/**
 * Guest-only replay answers the guest from the trace alone: it can only replay exactly
 * (check mode would go on past the trace, with modules it does not have), and what it
 * reproduces is the guest's side of the run, which text and --json count alike.
 */
import test from 'ava';
import { join } from 'node:path';
import { arksim, isOneLineError } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('guest-only');
const G = 'test/guests';
const trace = join(dir, 'order.trace');

test.before(() => {
  // A failing run (a panic): the case where ignoring check mode exited 0.
  arksim(['run', '--wasm', `${G}/order_guest.wasm`, '--module', `callee=${G}/callee.wasm`, '--policy', 'latency=fixed:16667', '--frames', '20', '--seed', '5', '--strategy', 'random', '--out', trace]);
});

test('--guest-only with --mode check is bad usage (exit 2, one line), and --help says so', (t) => {
  const r = arksim(['replay', trace, '--guest-only', '--mode', 'check']);
  t.is(r.code, 2, r.stderr);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /--guest-only.*--mode check/);
  t.regex(arksim(['replay', '--help']).stdout.replace(/\s+/g, ' '), /--guest-only .*exact mode only/);
});

test('a guest-only replay reports the same count of reproduced events in text and --json', (t) => {
  const text = arksim(['replay', trace, '--guest-only']);
  t.is(text.code, 0, text.stderr);
  const j = JSON.parse(arksim(['replay', trace, '--guest-only', '--json']).stdout) as { reproduced: number; traceEvents: number; matched: boolean };
  t.true(j.matched);
  t.true(j.reproduced > 0 && j.reproduced < j.traceEvents, JSON.stringify(j));
  t.regex(text.stdout, new RegExp(`replay matched: ${j.reproduced} events of the trace's ${j.traceEvents} \\(the guest's frames and FFI calls\\) reproduced exactly`));
  // A full exact replay reproduces every event of the trace.
  const full = JSON.parse(arksim(['replay', trace, '--json']).stdout) as { reproduced: number; traceEvents: number };
  t.is(full.reproduced, full.traceEvents);
  t.regex(arksim(['replay', trace]).stdout, new RegExp(`replay matched: ${full.traceEvents} events reproduced exactly`));
});
