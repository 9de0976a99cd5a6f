import test, { type ExecutionContext } from 'ava';
import { runSimulation } from '../../../sim/run/run.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { WasmLoadError } from '../../../sim/wasm/load-error.js';
import { formatSignature, readModuleInfo } from '../../../sim/wasm/module-info.js';
import { moduleNameFromPath, wasmSimulation } from '../../../sim/wasm/simulation.js';
import { wasmGuest } from '../../../sim/wasm/wasm-guest.js';
import { wasmModule } from '../../../sim/wasm/wasm-module.js';
import { i32, sig, tinyWasm, UNREACHABLE } from './tiny-wasm.js';
import { loadGuest } from './wasm-api.js';

const applet = (extra: Parameters<typeof tinyWasm>[0] = {}): Uint8Array =>
  tinyWasm({
    memoryPages: 1,
    ...extra,
    functions: [{ export: 'ark_applet_update', type: sig(''), body: [] }, ...(extra.functions ?? [])],
  });

function loadError(t: ExecutionContext, f: () => unknown): WasmLoadError {
  const e = t.throws(f, { instanceOf: WasmLoadError });
  if (e === undefined) throw new Error('expected a WasmLoadError');
  return e as WasmLoadError;
}

test('bad_import.wasm is rejected, naming the file, the import module and the field', (t) => {
  const e = loadError(t, () => loadWasm('test/guests/bad_import.wasm', loadGuest('bad_import')));
  t.is(e.file, 'test/guests/bad_import.wasm');
  t.is(e.importModule, 'ark-module-run-v0');
  t.is(e.importField, 'module_run__teleport');
  t.regex(e.message, /^test\/guests\/bad_import\.wasm: /);
  t.true(e.message.includes('ark-module-run-v0.module_run__teleport'), e.message);
});

test('bad_sig.wasm is rejected, naming the import, the expected and the actual signature', (t) => {
  const e = loadError(t, () => loadWasm('bad_sig.wasm', loadGuest('bad_sig')));
  t.is(e.importField, 'module_run__is_ready');
  t.is(e.expected, '(i64, i32) -> i32');
  t.is(e.actual, '(i32, i32) -> i32');
  t.true(e.message.includes('ark-module-run-v0.module_run__is_ready'), e.message);
  t.true(e.message.includes('(i64, i32) -> i32') && e.message.includes('(i32, i32) -> i32'), e.message);
});

test('every Rust test guest loads: its imports are exactly the ABI', (t) => {
  for (const name of ['callee', 'edge_guest', 'order_guest', 'panic_guest', 'wild', 'loop', 'loop_callee']) {
    t.notThrows(() => loadWasm(`${name}.wasm`, loadGuest(name)), name);
  }
});

test('bytes that are not Wasm are a WasmLoadError naming the file, never a CompileError', (t) => {
  for (const bytes of [new Uint8Array(0), new Uint8Array([1, 2, 3]), loadGuest('callee').slice(0, 100)]) {
    const e = loadError(t, () => loadWasm('junk.wasm', bytes));
    t.regex(e.message, /^junk\.wasm: not a valid Wasm module/);
  }
});

test('an import from an unknown module, or of the wrong kind, is rejected before instantiation', (t) => {
  const env = loadError(t, () => loadWasm('env.wasm', applet({ imports: [{ module: 'env', field: 'abort', type: sig('i32') }] })));
  t.is(env.importModule, 'env');
  t.is(env.importField, 'abort');
  t.true(env.message.includes('env.abort'));
  const memory = loadError(t, () =>
    loadWasm('mem.wasm', tinyWasm({ imports: [{ module: 'ark-core-v0', field: 'core__return_slice', type: 'memory' }] })),
  );
  t.true(memory.message.includes('as a memory'), memory.message);
  // The fuel import is the simulator's own: a guest may not bring it.
  const fuel = loadError(t, () => loadWasm('fuel.wasm', applet({ imports: [{ module: 'arksim', field: 'fuel_exhausted', type: sig('') }] })));
  t.is(fuel.importModule, 'arksim');
});

test('a signature differing only in its result is rejected', (t) => {
  const e = loadError(t, () =>
    loadWasm('r.wasm', applet({ imports: [{ module: 'ark-core-v0', field: 'core__return_slice', type: sig('i32 i32 i32', 'i64') }] })),
  );
  t.is(e.expected, '(i32, i32, i32) -> i32');
  t.is(e.actual, '(i32, i32, i32) -> i64');
});

test('a guest without ark_applet_update(), or with another signature, is a WasmLoadError', (t) => {
  const none = loadWasm('none.wasm', tinyWasm({ memoryPages: 1 }));
  t.true(loadError(t, () => wasmGuest(none, 'none')).message.includes('ark_applet_update'));
  const wrong = loadWasm('wrong.wasm', tinyWasm({ functions: [{ export: 'ark_applet_update', type: sig('i32'), body: [] }] }));
  const e = loadError(t, () => wasmGuest(wrong, 'wrong'));
  t.is(e.actual, 'a function (i32) -> ()');
  // The callee is a module, not an applet.
  t.throws(() => wasmGuest(loadWasm('callee.wasm', loadGuest('callee')), 'callee'), { instanceOf: WasmLoadError });
});

test('a launched module needs memory, ark_alloc and ark_free', (t) => {
  const noAlloc = loadWasm('m.wasm', tinyWasm({ memoryPages: 1, functions: [{ export: 'f', type: sig('i32 i32', 'i32'), body: i32(0) }] }));
  t.true(loadError(t, () => wasmModule(noAlloc, 'm')).message.includes('ark_alloc'));
  const noMemory = loadWasm('m.wasm', tinyWasm({ functions: [{ export: 'f', type: sig('i32 i32', 'i32'), body: i32(0) }] }));
  t.true(loadError(t, () => wasmModule(noMemory, 'm')).message.includes('memory'));
  t.notThrows(() => wasmModule(loadWasm('loop_callee.wasm', loadGuest('loop_callee')), 'loop_callee'));
});

test('a module spec carries the SHA-256 of the file it was loaded from', (t) => {
  const spec = wasmModule(loadWasm('callee.wasm', loadGuest('callee')), 'callee');
  t.regex(spec.sha256 ?? '', /^[0-9a-f]{64}$/);
  t.is(spec.sha256, loadWasm('other-name.wasm', loadGuest('callee')).sha256);
  t.not(spec.sha256, loadWasm('loop_callee.wasm', loadGuest('loop_callee')).sha256);
});

test('module-info reads import and export signatures', (t) => {
  const info = readModuleInfo(loadGuest('wild'));
  const isReady = info.imports.find((i) => i.field === 'module_run__is_ready');
  t.is(isReady?.signature === undefined ? '' : formatSignature(isReady.signature), '(i64, i32) -> i32');
  const update = info.exports.find((e) => e.name === 'ark_applet_update');
  t.is(update?.signature === undefined ? '' : formatSignature(update.signature), '() -> ()');
  t.is(info.exports.find((e) => e.name === 'memory')?.kind, 'memory');
  t.is(formatSignature({ params: [], results: ['i32', 'i64'] }), '() -> (i32, i64)');
});

test('the guest name defaults to the file basename; duplicate names are rejected', (t) => {
  t.is(moduleNameFromPath('some/dir/edge_guest.wasm'), 'edge_guest');
  t.is(moduleNameFromPath('C:\\x\\g.WASM'), 'g');
  const sim = wasmSimulation({ guest: { file: 'test/guests/panic_guest.wasm', bytes: loadGuest('panic_guest') }, modules: [] });
  t.is(sim.guest.name, 'panic_guest');
  t.throws(
    () =>
      wasmSimulation({
        guest: { file: 'a/callee.wasm', bytes: loadGuest('panic_guest') },
        modules: [{ name: 'callee', bytes: loadGuest('callee') }],
      }),
    { instanceOf: WasmLoadError, message: /callee.*used twice/ },
  );
});

test('a trapping ark_applet_update body still loads: traps are run failures, not load errors', (t) => {
  t.notThrows(() => wasmGuest(loadWasm('t.wasm', tinyWasm({ functions: [{ export: 'ark_applet_update', type: sig(''), body: [UNREACHABLE] }] })), 't'));
});

test('a module the fuel instrumenter cannot handle loads; it runs unmetered, and a metered run is a WasmLoadError', (t) => {
  // ark_applet_update: i32.atomic.load (threads), dropped
  const atomics = tinyWasm({ memoryPages: 1, functions: [{ export: 'ark_applet_update', type: sig(''), body: [...i32(0), 0xfe, 0x10, 0x02, 0x00, 0x1a] }] });
  const sim = { modules: [], guest: wasmGuest(loadWasm('atomics.wasm', atomics), 'atomics') };
  t.is(runSimulation(sim, { seed: 1, budgets: { fuel: 0, frames: 3 } }).outcome.kind, 'pass');
  const e = loadError(t, () => runSimulation(sim, { seed: 1, budgets: { frames: 3 } }));
  t.is(e.message, 'atomics.wasm: cannot add the fuel metering every run needs: cannot instrument this module: threads/atomics instructions (0xFE) are not supported (at byte 62)');
});

test('a SIMD guest runs metered', (t) => {
  // ark_applet_update: v128.const 0; drop
  const simd = tinyWasm({ functions: [{ export: 'ark_applet_update', type: sig(''), body: [0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a] }] });
  const sim = { modules: [], guest: wasmGuest(loadWasm('simd.wasm', simd), 'simd') };
  t.is(runSimulation(sim, { seed: 1, budgets: { frames: 3 } }).outcome.kind, 'pass');
});
