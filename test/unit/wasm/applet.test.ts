/** Wasm applets as guests: wild pointers, panics, traps, fuel, ark_initialize. */
import test from 'ava';
import { ErrorCode } from '../../../sim/host/codes.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { wasmGuest } from '../../../sim/wasm/wasm-guest.js';
import { call, DROP, sig, tinyWasm, UNREACHABLE } from './tiny-wasm.js';
import { appletSimulation, eventsOf, guestModule, observe, WILD_EXPECTED } from './wasm-runs.js';

test('wild.wasm: every wild call is InvalidArguments, the valid ones succeed, and both sentinels stay intact', (t) => {
  for (const policies of [{}, { handles: 'random' as const, errors: 'deferred' as const }]) {
    const { result, events, driver } = observe(appletSimulation('wild'), { budgets: { frames: 3 }, policies });
    t.is(result.outcome.kind, 'pass');
    if (driver === undefined) return t.fail('no applet driver');
    const n = Number(driver.callOrAbort('results_len'));
    t.is(n, WILD_EXPECTED.length);
    const mem = driver.memory.read(0, driver.memory.size);
    const codes = Array.from({ length: n }, (_, i) => new DataView(mem.buffer).getInt32(4 * i, true));
    t.deepEqual(codes, [...WILD_EXPECTED]);
    t.true(mem.subarray(0x100, 0x200).every((b) => b === 0xaa), 'sentinel 0x100..0x200');
    t.true(mem.subarray(mem.length - 16).every((b) => b === 0xaa), 'sentinel: the last 16 bytes');
    // Every call the host never saw is an ffi.rejected event; slots 0, 1, 10, 11, 21, 22, 26, 27, 31 reach the host.
    const rejected = eventsOf(events, 'ffi.rejected');
    t.is(rejected.length, WILD_EXPECTED.length - 3 - 9);
    t.true(rejected.every((e) => e.caller === 'wild' && e.code === ErrorCode.InvalidArguments));
    t.true(rejected.some((e) => e.call === 'create_function' && e.reason.includes('UTF-8')));
    // The binding reports arguments as the ABI types: u32 pointers, u64 handles.
    t.true(rejected.some((e) => e.args.includes(0xffffffff)));
  }
});

test('panic_guest: the run fails with the panic message and its location', (t) => {
  const { result } = observe(appletSimulation('panic_guest', { modules: [] }));
  t.is(result.frames, 3);
  t.like(result.outcome, { kind: 'failure', reason: 'panic', message: 'guest gave up at frame 3', module: 'panic_guest', file: 'rust/panic_guest.rs' });
  if (result.outcome.kind !== 'failure') return;
  t.true((result.outcome.line ?? 0) > 0);
  t.true((result.outcome.column ?? 0) > 0);
});

test('loop.wasm: an applet that never returns ends the run as budget-exhausted, after the same fuel every time', (t) => {
  const a = observe(appletSimulation('loop', { modules: [] }), { budgets: { fuel: 100_000 } });
  t.like(a.result.outcome, { kind: 'failure', reason: 'budget-exhausted', module: 'loop', message: 'fuel budget of 100000 exhausted in loop' });
  const b = observe(appletSimulation('loop', { modules: [] }), { budgets: { fuel: 100_000 } });
  t.deepEqual(b.result, a.result);
  t.is(a.result.frames, 1);
});

test('an applet that traps without a panic report fails as trap, with the Wasm stack', (t) => {
  // update calls a helper that traps: the stack names both functions.
  const bytes = tinyWasm({
    memoryPages: 1,
    functions: [
      { export: 'ark_applet_update', type: sig(''), body: [...call(1)] },
      { type: sig(''), body: [UNREACHABLE] },
    ],
  });
  const sim = { modules: [], guest: wasmGuest(loadWasm('t.wasm', bytes), 't') };
  for (const fuel of [0, 1000]) {
    const { result } = observe(sim, { budgets: { fuel } });
    t.like(result.outcome, { kind: 'failure', reason: 'trap', module: 't' });
    const message = result.outcome.kind === 'failure' ? result.outcome.message : '';
    // Functions are numbered as in the file, metered or not.
    t.is(message, 't.ark_applet_update trapped: unreachable (wasm stack: $func1 < $func0)', `fuel ${fuel}`);
  }
});

test('ark_initialize of an applet runs once before the first frame; its FFI calls are traced', (t) => {
  // ark_initialize calls module_run__remove_function(0) (InvalidArguments); update does nothing.
  const bytes = tinyWasm({
    memoryPages: 1,
    imports: [{ module: 'ark-module-run-v0', field: 'module_run__remove_function', type: sig('i64', 'i32') }],
    functions: [
      { export: 'ark_applet_update', type: sig(''), body: [] },
      { export: 'ark_initialize', type: sig(''), body: [0x42, 0x00, ...call(0), DROP] },
    ],
  });
  const { result, events } = observe({ modules: [], guest: wasmGuest(loadWasm('init.wasm', bytes), 'init') }, { budgets: { frames: 4 } });
  t.is(result.outcome.kind, 'pass');
  const removes = eventsOf(events, 'ffi.remove_function');
  t.is(removes.length, 1);
  t.is(removes[0]?.code, ErrorCode.InvalidArguments);
  t.is(events.indexOf(removes[0] as never) < events.findIndex((e) => e.t === 'frame'), true);
});

test('an applet runs its whole frame budget unless a done export says it finished', (t) => {
  const open = observe(appletSimulation('edge_guest'), { budgets: { frames: 120 } });
  t.is(open.result.outcome.kind, 'pass');
  t.is(open.result.frames, 120);
  const finite = observe(appletSimulation('edge_guest', { doneExport: 'done' }), { budgets: { frames: 120 } });
  t.is(finite.result.outcome.kind, 'pass');
  t.true(finite.result.frames < 120);
  t.is(finite.driver?.callOrAbort('done'), 1);
  const short = observe(appletSimulation('edge_guest', { doneExport: 'done' }), { budgets: { frames: 5 } });
  t.like(short.result.outcome, { kind: 'failure', reason: 'budget-exhausted', module: 'edge_guest' });
});

test('a module name is what create_function names: callee loaded as "other" is NotFound for edge_guest', (t) => {
  const sim = { modules: [guestModule('callee', 'other')], guest: appletSimulation('edge_guest', { modules: [] }).guest };
  const { result } = observe(sim);
  t.like(result.outcome, { kind: 'failure', reason: 'panic', module: 'edge_guest' });
});

test('an applet that exports the entrypoints is a launchable module: OwnModule from it launches its own export', (t) => {
  for (const policies of [{}, { errors: 'deferred' as const, handles: 'random' as const }]) {
    const { result, events, driver } = observe(appletSimulation('own_applet', { doneExport: 'done', modules: [] }), { policies });
    t.is(result.outcome.kind, 'pass');
    if (driver === undefined) return t.fail('no applet driver');
    const mem = driver.memory.read(0, driver.memory.size);
    const codes = [0x400, 0x404, 0x408].map((at) => new DataView(mem.buffer).getInt32(at, true));
    t.deepEqual(codes, [ErrorCode.Success, ErrorCode.Success, ErrorCode.Success]);
    t.is(new TextDecoder().decode(mem.subarray(0x300, 0x303)), 'ABC');
    t.like(eventsOf(events, 'req.launched')[0], { caller: 'own_applet', module: 'own_applet', fn: 'upper', blocking: true });
    t.is(eventsOf(events, 'module.fault').length, 0);
  }
});
