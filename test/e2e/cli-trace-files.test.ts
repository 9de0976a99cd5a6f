/**
 * The files a trace names: a recorded Wasm path found beside the trace when replayed
 * from elsewhere, a missing one reported with the flag to give, a --module the trace
 * never launched refused (a typo must not silently run the recorded module), and every
 * error about a trace's contents naming the trace.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileTarget, TraceWriter } from '../../recorder/index.js';
import { arksim, isOneLineError, recordFailingOrderGuest } from '../helpers/cli.js';
import { sampleHeader } from '../unit/recorder/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('files');
const G = resolve('test/guests');
const BIN = resolve('bin/arksim.js');

/** The CLI run from `cwd`. */
function arksimIn(cwd: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a relative Wasm path recorded in a trace is found beside the trace when replayed from elsewhere', (t) => {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  copyFileSync(join(G, 'panic_guest.wasm'), join(corpus, 'pg.wasm'));
  // Recorded from inside the corpus directory: the header says "pg.wasm".
  t.is(arksimIn(corpus, ['run', '--wasm', 'pg.wasm', '--frames', '10', '--out', 'pg.trace']).code, 1);
  const replayed = arksimIn(dir, ['replay', join('corpus', 'pg.trace')]);
  t.is(replayed.code, 0, replayed.stderr);
  t.regex(replayed.stdout, /match/i);

  rmSync(join(corpus, 'pg.wasm'));
  const missing = arksimIn(dir, ['replay', join('corpus', 'pg.trace')]);
  t.is(missing.code, 2);
  t.true(isOneLineError(missing.stderr), missing.stderr);
  t.true(
    missing.stderr.includes(`${join('corpus', 'pg.trace')}: the trace recorded pg.wasm, which is not here (nor beside the trace); give --wasm GUEST.wasm`),
    missing.stderr,
  );
});

test('a --module the trace never launched is refused, naming the ones it did', (t) => {
  const trace = join(dir, 'order.trace');
  t.is(recordFailingOrderGuest(trace).code, 1);
  for (const mode of ['exact', 'check']) {
    const r = arksim(['replay', trace, '--mode', mode, '--module', `calee=${join(G, 'loop_callee.wasm')}`]);
    t.is(r.code, 2, `${mode}: ${r.stdout}`);
    t.true(isOneLineError(r.stderr), r.stderr);
    t.true(r.stderr.includes(`${trace}: --module calee=…: the trace launched no Wasm module "calee" (it launched: callee)`), r.stderr);
  }
  const shrunk = arksim(['shrink', trace, '--module', `calee=${join(G, 'callee.wasm')}`]);
  t.is(shrunk.code, 2);
  t.regex(shrunk.stderr, /no Wasm module "calee"/);
});

test('errors about what a trace header says name the trace', (t) => {
  const scenario = join(dir, 'no-scenario.trace');
  new TraceWriter(sampleHeader({ scenario: 'nope' }), fileTarget(scenario)).finish({ kind: 'pass' });
  const strategy = join(dir, 'bad-strategy.trace');
  new TraceWriter(sampleHeader({ strategy: 'sideways' }), fileTarget(strategy)).finish({ kind: 'pass' });
  for (const command of ['replay', 'shrink']) {
    const a = arksim([command, scenario]);
    // shrink refuses a passing trace first: that error names the trace too.
    t.is(a.code, 2);
    t.true(a.stderr.includes(`${scenario}: `), `${command}: ${a.stderr}`);
  }
  const b = arksim(['replay', strategy]);
  t.is(b.code, 2);
  t.true(b.stderr.includes(`${strategy}: trace header: `), b.stderr);
});
