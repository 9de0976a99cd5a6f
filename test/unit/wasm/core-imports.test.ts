/** core__return_slice and core__register_panic as a launched module uses them. */
import test from 'ava';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { waitFor } from '../../../sim/guest/program.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { CallFrames, coreImports } from '../../../sim/wasm/core-imports.js';
import { GuestMemory } from '../../../sim/wasm/guest-memory.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { WebAssembly } from '../../../sim/wasm/webassembly.js';
import { wasmModule } from '../../../sim/wasm/wasm-module.js';
import { call, CORE_IMPORTS, DROP, ENTRY_POINTS, i32, sig, tinyWasm, UNREACHABLE } from './tiny-wasm.js';
import { eventsOf, observe } from './wasm-runs.js';

const RETURN_SLICE = 0;
const REGISTER_PANIC = 1;
const returnSlice = (ptr: number, size: number): number[] => [...i32(ptr), ...i32(size), ...i32(size), ...call(RETURN_SLICE)];

/** Module `m` (memory all zero): functions that return slices or panic in various ways. */
const M = tinyWasm({
  memoryPages: 1,
  imports: CORE_IMPORTS,
  functions: [
    ...ENTRY_POINTS,
    // Returns [1024, +1) (its input), then [16, +5): the second is the output.
    { export: 'last_wins', type: sig('i32 i32', 'i32'), body: [...returnSlice(1024, 1), DROP, ...returnSlice(16, 5), DROP, ...i32(0)] },
    // An out-of-range slice after a good one records nothing: the good one stays the output.
    { export: 'out_of_range', type: sig('i32 i32', 'i32'), body: [...returnSlice(16, 5), DROP, ...returnSlice(-16, 16), DROP, ...returnSlice(65535, 2), DROP, ...i32(0)] },
    // Returns the code return_slice gave for a range ending past memory: 5, so the launch is a 'code' fault.
    { export: 'code_of_bad_slice', type: sig('i32 i32', 'i32'), body: [...returnSlice(65535, 2)] },
    { export: 'none', type: sig('i32 i32', 'i32'), body: i32(0) },
    { export: 'panics', type: sig('i32 i32', 'i32'), body: [...i32(32), ...i32(4), ...i32(48), ...i32(4), ...i32(7), ...i32(9), ...call(REGISTER_PANIC), DROP, UNREACHABLE] },
    // A panic report pointing outside memory still becomes a panic.
    { export: 'wild_panic', type: sig('i32 i32', 'i32'), body: [...i32(-1), ...i32(4), ...i32(48), ...i32(-1), ...i32(-1), ...i32(0), ...call(REGISTER_PANIC), DROP, UNREACHABLE] },
  ],
});

function launchAll(fns: readonly string[]) {
  const results: { fn: string; code: number; output: Uint8Array }[] = [];
  const spec = wasmModule(loadWasm('m.wasm', M), 'm');
  const run = observe({
    modules: [spec],
    guest: programGuest('guest', function* (ffi) {
      for (const fn of fns) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'm', fn);
        const r = ffi.launch(f.handle, new Uint8Array([0x41]));
        yield waitFor(() => ffi.isReady(r.request).isReady);
        const out = ffi.retrieve(r.request, ffi.isReady(r.request).size);
        results.push({ fn, code: out.code, output: out.output });
      }
    }),
  }, { policies: { latency: { kind: 'fixed', us: 10 } } });
  return { ...run, results };
}

test('the output is the last return_slice of the invocation; none is an empty output', (t) => {
  const { result, results } = launchAll(['last_wins', 'none', 'out_of_range']);
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(
    results.map((r) => [r.fn, r.code, r.output.length]),
    [
      ['last_wins', 0, 5],
      ['none', 0, 0],
      ['out_of_range', 0, 5],
    ],
  );
});

test('return_slice outside memory returns InvalidArguments to the module', (t) => {
  const { results, events } = launchAll(['code_of_bad_slice']);
  t.is(results[0]?.code, ErrorCode.InternalError);
  t.is(eventsOf(events, 'module.fault')[0]?.message, 'code_of_bad_slice returned InvalidArguments (5)');
});

test('register_panic then a trap is a panic fault with message and location; wild pointers are tolerated', (t) => {
  const { results, events } = launchAll(['panics', 'wild_panic']);
  t.deepEqual(
    results.map((r) => r.code),
    [ErrorCode.InternalError, ErrorCode.InternalError],
  );
  const faults = eventsOf(events, 'module.fault');
  t.deepEqual(
    faults.map((f) => f.kind),
    ['panic', 'panic'],
  );
  // Memory is zeroed: the message and file are four NUL characters each.
  t.is(faults[0]?.message, '\0\0\0\0 at \0\0\0\0:7:9');
  t.is(faults[1]?.message, '<panic message outside memory> at <file name outside memory>:4294967295:0');
});

test('frames are per call: a nested frame keeps its own output and panic', (t) => {
  const frames = new CallFrames();
  const memory = new GuestMemory();
  const mem = new WebAssembly.Memory({ initial: 1 });
  memory.attach(mem);
  new Uint8Array(mem.buffer).set([1, 2, 3, 4], 100);
  const core = coreImports(memory, frames);
  const returnSliceImport = core['ark-core-v0']?.['core__return_slice'] as unknown as (p: number, l: number, s: number) => number;
  const outer = frames.push();
  t.is(returnSliceImport(100, 2, 2), 0);
  const inner = frames.push();
  t.is(returnSliceImport(102, 2, 2), 0);
  frames.pop(inner);
  t.deepEqual([...(outer.output ?? [])], [1, 2]);
  t.deepEqual([...(inner.output ?? [])], [3, 4]);
  // Copied at the call: later writes to memory do not change the output.
  new Uint8Array(mem.buffer).set([9, 9], 100);
  t.deepEqual([...(outer.output ?? [])], [1, 2]);
  t.is(returnSliceImport(0xffff, 0, 2), ErrorCode.InvalidArguments);
  t.is(returnSliceImport(-1, 0, 1), ErrorCode.InvalidArguments);
  t.is(returnSliceImport(65536, 0, 0), 0, 'an empty range at the very end is inside');
  t.deepEqual([...(outer.output ?? [])], [], 'and it is the last output');
  frames.pop(outer);
  t.is(frames.top, undefined);
});
