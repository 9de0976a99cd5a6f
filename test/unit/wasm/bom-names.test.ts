/**
 * A leading U+FEFF (bytes EF BB BF) is part of a name, never a byte-order mark to drop:
 * `\u{feff}echo` and `echo` are two export names, two function names a guest can pass,
 * and a panic message keeps it. (TextDecoder drops it unless told `ignoreBOM`.)
 */
import test from 'ava';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { waitFor } from '../../../sim/guest/program.js';
import type { TraceEvent } from '../../../sim/events.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { createContext } from '../../../sim/run/context.js';
import { instrumentFuel } from '../../../sim/wasm/fuel.js';
import { moduleRunImports } from '../../../sim/wasm/ffi-imports.js';
import { GuestMemory } from '../../../sim/wasm/guest-memory.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { readModuleInfo } from '../../../sim/wasm/module-info.js';
import { wasmModule } from '../../../sim/wasm/wasm-module.js';
import { WebAssembly } from '../../../sim/wasm/webassembly.js';
import { call, CORE_IMPORTS, DROP, ENTRY_POINTS, i32, sig, tinyWasm, UNREACHABLE } from './tiny-wasm.js';
import { eventsOf, observe } from './wasm-runs.js';

const BOM = '\u{feff}';
const returnSlice = (ptr: number, size: number): number[] => [...i32(ptr), ...i32(size), ...i32(size), ...call(0), DROP];

/** `echo` returns one byte, `\u{feff}echo` two, `panics` panics with its input as the message. */
const M = tinyWasm({
  memoryPages: 1,
  imports: CORE_IMPORTS,
  functions: [
    ...ENTRY_POINTS,
    { export: 'echo', type: sig('i32 i32', 'i32'), body: [...returnSlice(16, 1), ...i32(0)] },
    { export: `${BOM}echo`, type: sig('i32 i32', 'i32'), body: [...returnSlice(16, 2), ...i32(0)] },
    // register_panic(input, input_len, 0, 0, 1, 1), then trap: the input is the message.
    { export: 'panics', type: sig('i32 i32', 'i32'), body: [0x20, 0x00, 0x20, 0x01, ...i32(0), ...i32(0), ...i32(1), ...i32(1), ...call(1), DROP, UNREACHABLE] },
  ],
});

test('export names that differ only by a leading U+FEFF stay two names, metered or not', (t) => {
  const names = readModuleInfo(M).exports.map((e) => e.name);
  t.true(names.includes('echo'));
  t.true(names.includes(`${BOM}echo`));
  const metered = instrumentFuel(M, { initialFuel: 1000n });
  t.true(WebAssembly.validate(metered));
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(metered)).map((e) => e.name);
  t.true(exported.includes('echo'));
  t.true(exported.includes(`${BOM}echo`));
});

test('a launch reaches the function whose name has the U+FEFF, and an unknown name with one is NotFound', (t) => {
  const results: [string, number, number][] = [];
  const { result } = observe({
    modules: [wasmModule(loadWasm('m.wasm', M), 'm')],
    guest: programGuest('guest', function* (ffi) {
      for (const fn of ['echo', `${BOM}echo`, `${BOM}none`]) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'm', fn);
        const r = ffi.launch(f.handle, new Uint8Array(0));
        if (r.code !== ErrorCode.Success) {
          results.push([fn, r.code, -1]);
          continue;
        }
        yield waitFor(() => ffi.isReady(r.request).isReady);
        const out = ffi.retrieve(r.request, ffi.isReady(r.request).size);
        results.push([fn, out.code, out.output.length]);
      }
    }),
  });
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(results, [
    ['echo', ErrorCode.Success, 1],
    [`${BOM}echo`, ErrorCode.Success, 2],
    [`${BOM}none`, ErrorCode.NotFound, -1],
  ]);
});

test('names a Wasm guest passes keep their leading U+FEFF in the call and its event', (t) => {
  const events: TraceEvent[] = [];
  const ctx = createContext({ seed: 1, sinks: [{ emit: (e) => events.push(e) }] });
  const memory = new GuestMemory();
  const mem = new WebAssembly.Memory({ initial: 1 });
  memory.attach(mem);
  const bytes = new Uint8Array(mem.buffer);
  const name = new TextEncoder().encode(`${BOM}echo`);
  const module = new TextEncoder().encode(`${BOM}m`);
  bytes.set(name, 0x100);
  bytes.set(module, 0x200);
  const imports = moduleRunImports({ ffi: ctx.ffiFor('wild'), memory, sink: ctx.sink, now: () => ctx.scheduler.now() });
  const create = imports.module_run__create_function as unknown as (...args: number[]) => number;
  t.is(create(FunctionSource.NamedModule, 0x200, module.length, 0x100, name.length, 0x300), ErrorCode.Success);
  t.is(name.length, 7, 'EF BB BF is three bytes of the name');
  const created = eventsOf(events, 'ffi.create_function')[0];
  t.is(created?.name, `${BOM}echo`);
  t.is(created?.module, `${BOM}m`);
});

test('a panic message keeps its leading U+FEFF', (t) => {
  const { events } = observe({
    modules: [wasmModule(loadWasm('m.wasm', M), 'm')],
    guest: programGuest('guest', function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'panics');
      const r = ffi.launch(f.handle, new TextEncoder().encode(`${BOM}oops`));
      yield waitFor(() => ffi.isReady(r.request).isReady);
    }),
  });
  const fault = eventsOf(events, 'module.fault')[0];
  t.is(fault?.kind, 'panic');
  t.true(fault?.message.startsWith(`${BOM}oops at `), fault?.message);
});
