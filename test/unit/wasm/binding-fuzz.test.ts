/**
 * The module-run binding under random arguments, bound to a real instance's memory
 * (wild.wasm) and the reference host with callee.wasm: whatever the handles,
 * pointers and lengths, the binding answers with a code, writes nothing outside the
 * out-value it reports, emits exactly one ffi event per call, and a call it rejects
 * leaves the host untouched.
 */
import test from 'ava';
import fc from 'fast-check';
import type { TraceEvent } from '../../../sim/events.js';
import { ErrorCode } from '../../../sim/host/codes.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { createContext } from '../../../sim/run/context.js';
import { moduleRunImports } from '../../../sim/wasm/ffi-imports.js';
import { GuestMemory } from '../../../sim/wasm/guest-memory.js';
import { exportedMemory, WebAssembly, type WasmMemory } from '../../../sim/wasm/webassembly.js';
import { loadGuest } from './wasm-api.js';
import { guestModule } from './wasm-runs.js';

type Imports = ReturnType<typeof moduleRunImports>;
type Call =
  | { readonly op: 'create_function'; readonly args: readonly [number, number, number, number, number, number] }
  | { readonly op: 'remove_function'; readonly handle: HandleChoice }
  | { readonly op: 'launch' | 'blocking_launch'; readonly handle: HandleChoice; readonly args: readonly [number, number, number] }
  | { readonly op: 'is_ready'; readonly handle: HandleChoice; readonly out: number }
  | { readonly op: 'retrieve'; readonly handle: HandleChoice; readonly args: readonly [number, number] }
  | { readonly op: 'advance'; readonly us: number }
  | { readonly op: 'grow' };

/** A raw i64 (any value, negative included), or one of the handles the host issued so far. */
type HandleChoice = { readonly raw: bigint } | { readonly issued: number };

const CODES = new Set<number>(Object.values(ErrorCode));
const PAGE = 65536;
const MAX_PAGES = 3;

// Wasm passes i32 arguments as signed numbers; JS callers may pass anything in i32 range.
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const pointer = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 0x180, 0x300, 0x310, 0x320, 0x330, 0x500, 0xffff, 0x10000, -1, -8, -16, 0x7fffffff) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 0x400 }) },
  // Near the end of each page the memory may have.
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: MAX_PAGES }), fc.integer({ min: -24, max: 24 })).map(([pages, d]) => pages * PAGE + d) },
  { weight: 1, arbitrary: i32 },
);
const length = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 3, 4, 6, 8, 64, 0x7fffffff, -1) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 48 }) },
  { weight: 1, arbitrary: i32 },
);
const handle: fc.Arbitrary<HandleChoice> = fc.oneof(
  fc.nat({ max: 1000 }).map((issued) => ({ issued })),
  fc.constantFrom(0n, 1n, 2n, -1n, 0xdeadbeefn, 2n ** 63n - 1n, -(2n ** 63n)).map((raw) => ({ raw })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((raw) => ({ raw })),
);
const call: fc.Arbitrary<Call> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(0, 1, 2, -1), i32), pointer, length, pointer, length, pointer).map((args) => ({ op: 'create_function' as const, args })) },
  // create_function with the names wild.wasm has in memory, so handles get issued.
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0x310, 0x320), pointer).map(([t, name, out]) => ({ op: 'create_function' as const, args: [t, 0x300, 6, name, 4, out] as const })) },
  { weight: 1, arbitrary: handle.map((h) => ({ op: 'remove_function' as const, handle: h })) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('launch' as const, 'blocking_launch' as const), handle, pointer, length, pointer).map(([op, h, p, l, o]) => ({ op, handle: h, args: [p, l, o] as const })) },
  { weight: 3, arbitrary: fc.tuple(handle, pointer).map(([h, out]) => ({ op: 'is_ready' as const, handle: h, out })) },
  { weight: 3, arbitrary: fc.tuple(handle, pointer, length).map(([h, p, l]) => ({ op: 'retrieve' as const, handle: h, args: [p, l] as const })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 60_000 }).map((us) => ({ op: 'advance' as const, us })) },
  { weight: 1, arbitrary: fc.constant({ op: 'grow' as const }) },
);

interface Bench {
  readonly imports: Imports;
  readonly memory: WasmMemory & { grow(pages: number): number };
  readonly events: TraceEvent[];
  readonly issued: bigint[];
  advance(us: number): void;
}

const callee = guestModule('callee');
const wildModule = new WebAssembly.Module(loadGuest('wild'));

function bench(seed: number): Bench {
  const events: TraceEvent[] = [];
  const issued: bigint[] = [];
  const ctx = createContext({
    seed,
    policies: { ...DEFAULT_POLICIES, handles: seed % 2 === 0 ? 'sequential' : 'random' },
    sinks: [
      {
        emit: (e) => {
          events.push(e);
          if (e.t === 'ffi.create_function' && e.code === 0) issued.push(e.handle);
          if (e.t === 'ffi.launch' && e.code === 0) issued.push(e.request);
        },
      },
    ],
  });
  const now = (): number => ctx.scheduler.now();
  const launchable = callee.instantiate({ scheduler: ctx.scheduler, ffiFor: ctx.ffiFor, log: ctx.log, fuel: 1_000_000, wasmStack: { used: 0 }, sink: ctx.sink, now });
  ctx.registry.add(launchable);
  launchable.initialize?.();
  const guestMemory = new GuestMemory();
  const imports = moduleRunImports({ ffi: ctx.ffiFor('wild'), memory: guestMemory, sink: ctx.sink, now });
  // A real instance whose memory the binding reads and writes; its own code never runs here.
  const instance = new WebAssembly.Instance(wildModule, { 'ark-module-run-v0': imports });
  const memory = exportedMemory(instance) as Bench['memory'];
  guestMemory.attach(memory);
  // Nonzero everywhere but the names at 0x300..0x340, so a stray write of zeros shows.
  const bytes = new Uint8Array(memory.buffer);
  for (let i = 0; i < bytes.length; i++) if (i < 0x300 || i >= 0x340) bytes[i] = (i * 151 + seed) % 255 + 1;
  return { imports, memory, events, issued, advance: (us) => ctx.scheduler.advanceTo(now() + us) };
}

const u32 = (v: number): number => v >>> 0;

/** Performs one call; returns the code and the byte range it may have written. */
function perform(b: Bench, c: Exclude<Call, { op: 'advance' | 'grow' }>): { code: unknown; wrote: [number, number] | undefined } {
  const h = (choice: HandleChoice): bigint =>
    'raw' in choice ? choice.raw : b.issued.length === 0 ? 1n : BigInt.asIntN(64, b.issued[choice.issued % b.issued.length] as bigint);
  const f = b.imports as unknown as Record<string, (...args: (number | bigint)[]) => unknown>;
  const call = (name: string, ...args: (number | bigint)[]): unknown => (f[`module_run__${name}`] as (...a: (number | bigint)[]) => unknown)(...args);
  let code: unknown;
  let wrote: [number, number] | undefined;
  switch (c.op) {
    case 'create_function':
      code = call(c.op, ...c.args);
      wrote = [u32(c.args[5]), 8];
      break;
    case 'remove_function':
      code = call(c.op, h(c.handle));
      break;
    case 'launch':
    case 'blocking_launch':
      code = call(c.op, h(c.handle), ...c.args);
      wrote = [u32(c.args[2]), 8];
      break;
    case 'is_ready':
      code = call(c.op, h(c.handle), c.out);
      wrote = [u32(c.out), 8];
      break;
    case 'retrieve':
      code = call(c.op, h(c.handle), ...c.args);
      wrote = [u32(c.args[0]), u32(c.args[1])];
      break;
  }
  return { code, wrote: code === ErrorCode.Success ? wrote : undefined };
}

test('random calls through the binding: only codes come back, and memory outside the reported out-value is never written', (t) => {
  let calls = 0;
  let successes = 0;
  let rejections = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(call, { minLength: 5, maxLength: 40, size: 'max' }), (seed, script) => {
      const b = bench(seed);
      for (const c of script) {
        if (c.op === 'advance') {
          b.advance(c.us);
          continue;
        }
        if (c.op === 'grow') {
          if (b.memory.buffer.byteLength < MAX_PAGES * PAGE) {
            b.memory.grow(1);
            new Uint8Array(b.memory.buffer).fill(0x5a, b.memory.buffer.byteLength - PAGE);
          }
          continue;
        }
        const before = new Uint8Array(b.memory.buffer).slice();
        const firstEvent = b.events.length;
        let result: ReturnType<typeof perform>;
        try {
          result = perform(b, c);
        } catch (e) {
          throw new Error(`${c.op} threw into the guest: ${String(e)}`);
        }
        calls++;
        const { code, wrote } = result;
        if (typeof code !== 'number' || !CODES.has(code)) throw new Error(`${c.op} returned ${String(code)}`);
        const after = new Uint8Array(b.memory.buffer);
        for (let i = 0; i < before.length; i++) {
          if (before[i] === after[i]) continue;
          if (wrote !== undefined && i >= wrote[0] && i < wrote[0] + wrote[1]) continue;
          throw new Error(`${c.op} wrote byte ${i} outside its out-value (code ${code})`);
        }
        const fresh = b.events.slice(firstEvent);
        const own = fresh.filter((e) => e.t.startsWith('ffi.') && 'caller' in e && e.caller === 'wild');
        if (own.length !== 1) throw new Error(`${c.op} emitted ${own.length} ffi events for one call`);
        const event = own[0] as TraceEvent;
        if (event.t === 'ffi.rejected') {
          rejections++;
          if (code !== ErrorCode.InvalidArguments || event.code !== code) throw new Error(`rejected with ${code}`);
          // Rejected before the host saw it: nothing else happened.
          if (fresh.length !== 1) throw new Error(`a rejected ${c.op} caused ${fresh.map((e) => e.t).join(', ')}`);
        } else if ('code' in event && event.code !== code) {
          throw new Error(`${c.op} returned ${code} but the host answered ${event.code}`);
        }
        if (wrote !== undefined) {
          successes++;
          checkOutValue(event, after, wrote);
        }
      }
    }),
    { numRuns: 150, seed: 20_240_601 },
  );
  t.log(`${calls} calls, ${successes} successes, ${rejections} rejected`);
  t.true(calls >= 2000, `${calls} calls`);
  t.true(successes > 100, `${successes} successful calls`);
  t.true(rejections > 500, `${rejections} rejected calls`);
});

/** A successful call wrote exactly what the host answered, little-endian. */
function checkOutValue(event: TraceEvent, memory: Uint8Array, [at, len]: [number, number]): void {
  const view = new DataView(memory.buffer, memory.byteOffset);
  const fail = (what: string): never => {
    throw new Error(`${event.t}: ${what}`);
  };
  switch (event.t) {
    case 'ffi.create_function':
      if (view.getBigUint64(at, true) !== event.handle) fail('handle not written');
      break;
    case 'ffi.launch':
      if (view.getBigUint64(at, true) !== event.request) fail('request not written');
      break;
    case 'ffi.is_ready':
      if (memory[at] !== (event.ready ? 1 : 0)) fail('is_ready byte');
      if (memory[at + 1] !== 0 || memory[at + 2] !== 0 || memory[at + 3] !== 0) fail('padding not zero');
      if (view.getUint32(at + 4, true) !== event.size) fail('size');
      break;
    case 'ffi.retrieve':
      if (event.output.length !== len) fail('output length');
      for (let i = 0; i < len; i++) if (memory[at + i] !== event.output[i]) fail(`output byte ${i}`);
      break;
    default:
      break;
  }
}

test('an out pointer past the end makes launch a no-op for the host: nothing launched, nothing consumed', (t) => {
  const b = bench(3);
  const imports = b.imports as unknown as Record<string, (...args: (number | bigint)[]) => number>;
  const createFunction = imports['module_run__create_function'] as (...a: number[]) => number;
  const launch = imports['module_run__launch'] as (h: bigint, ...a: number[]) => number;
  const isReady = imports['module_run__is_ready'] as (h: bigint, o: number) => number;
  const retrieve = imports['module_run__retrieve'] as (h: bigint, p: number, l: number) => number;
  t.is(createFunction(1, 0x300, 6, 0x310, 4, 0x500), 0);
  const fn = new DataView(b.memory.buffer).getBigUint64(0x500, true);
  const end = b.memory.buffer.byteLength;
  t.is(launch(fn, 0x330, 4, end - 4), ErrorCode.InvalidArguments);
  t.false(b.events.some((e) => e.t === 'req.launched'));
  t.is(launch(fn, 0x330, 4, 0x508), 0);
  const request = new DataView(b.memory.buffer).getBigUint64(0x508, true);
  b.advance(100_000);
  t.is(retrieve(request, end - 2, 4), ErrorCode.InvalidArguments);
  t.is(isReady(request, end - 7), ErrorCode.InvalidArguments);
  t.is(isReady(request, 0x510), 0);
  t.is(new Uint8Array(b.memory.buffer)[0x510], 1, 'still ready, not consumed');
  // The memory grows: the same pointer is now inside.
  b.memory.grow(1);
  t.is(retrieve(request, end - 2, 4), 0);
  t.deepEqual([...new Uint8Array(b.memory.buffer, end - 2, 4)], [...new TextEncoder().encode('wild')]);
});
