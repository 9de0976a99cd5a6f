/**
 * The GuestFfi as TS guests and JS modules call it, where nothing holds them to the
 * types at run time: bytes are copied whatever Uint8Array they come in (Node Buffers
 * included), arguments a Wasm guest's binding could not pass are InvalidArguments and
 * an `ffi.rejected` event, a host that throws is InternalError, and a call after the run
 * ended throws RunEndedError. Every run here is recorded, read back and replayed exactly,
 * which proves its events fit the trace schema.
 */
import test, { type ExecutionContext } from 'ava';
import { isDeepStrictEqual } from 'node:util';
import { memoryTarget, readTrace, TRACE_LIMITS, TraceWriter } from '../../../recorder/index.js';
import { SimAbort } from '../../../sim/abort.js';
import { copyBytes, MAX_NAME_BYTES, MAX_PAYLOAD_BYTES } from '../../../sim/bytes.js';
import type { FfiCallName, TraceEvent } from '../../../sim/events.js';
import { RunEndedError, type GuestFfi } from '../../../sim/guest/ffi.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import type { GuestProgram } from '../../../sim/guest/program.js';
import { waitFor } from '../../../sim/guest/program.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { ReferenceHost, type HostEnv } from '../../../sim/host/reference-host.js';
import { defineModule } from '../../../sim/modules/js-module.js';
import type { ModuleSpec } from '../../../sim/modules/module.js';
import { failure } from '../../../sim/outcome.js';
import { replayRun } from '../../../sim/replay/replay.js';
import type { HostFactory } from '../../../sim/run/context.js';
import { runSimulation, type RunResult } from '../../../sim/run/run.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import { STACK_EXHAUSTED } from '../../../sim/stack.js';
import { FuelExhaustedError } from '../../../sim/wasm/fuel-host.js';
import { bytes, harness } from '../../helpers/harness.js';
import { sampleHeader } from '../recorder/fixtures.js';
import { appletSimulation, eventsOf } from '../wasm/wasm-runs.js';

const { Success, InternalError, InvalidArguments } = ErrorCode;

/** The FFI as a JavaScript caller sees it: any argument goes. */
type LooseFfi = { readonly [K in Exclude<keyof GuestFfi, 'module'>]: (...args: unknown[]) => ReturnType<GuestFfi[K]> };
const loose = (ffi: GuestFfi): LooseFfi => ffi as unknown as LooseFfi;

const echo = defineModule('m', { echo: (input) => new Uint8Array(input) });
const simOf = (guest: GuestProgram, modules: readonly ModuleSpec[] = [echo]): Simulation => ({ modules, guest: programGuest('g', guest) });

interface Recorded {
  readonly result: RunResult;
  readonly events: readonly TraceEvent[];
}

/**
 * Runs `sim()` with a TraceWriter, reads the trace back (equal to the events the run
 * emitted: the same values, the same types) and replays it exactly.
 */
function recordAndReplay(t: ExecutionContext, sim: () => Simulation, options: { host?: HostFactory; seed?: number } = {}): Recorded {
  const events: TraceEvent[] = [];
  const writer = new TraceWriter(sampleHeader(), memoryTarget());
  const host = options.host === undefined ? {} : { host: options.host };
  const result = runSimulation(sim(), { seed: options.seed ?? 1, ...host, sinks: [{ emit: (e) => events.push(e) }, writer] });
  const trace = readTrace(writer.finish(result.outcome));
  // Same values, same types (a Buffer in an event would not equal the plain Uint8Array read back).
  // isDeepStrictEqual first: ava's diffing deepEqual takes half a minute on 16 MiB outputs.
  if (!isDeepStrictEqual(trace.events, events)) t.deepEqual(trace.events, events, 'the trace holds exactly the events of the run');
  const recorded = { seed: result.seed, strategy: result.strategy, policies: result.policies, budgets: result.budgets, events: trace.events };
  const replay = replayRun(sim(), recorded, 'exact', host);
  t.true(replay.matched, replay.divergence?.message);
  return { result, events };
}

// --- bytes crossing a module boundary are copies, whatever Uint8Array they come in ---

test('copyBytes makes a plain Uint8Array of the view only, never sharing memory; a detached view reads as empty', (t) => {
  const buffer = Buffer.from([9, 1, 2, 3, 9]);
  const view = buffer.subarray(1, 4);
  const copy = copyBytes(view);
  t.is(copy.constructor, Uint8Array);
  t.deepEqual(copy, bytes(1, 2, 3));
  buffer.fill(0);
  t.deepEqual(copy, bytes(1, 2, 3));
  const detached = new Uint8Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  t.deepEqual(copyBytes(detached), new Uint8Array(0));
});

test('a launch input in a reused Node Buffer: the module and the trace see the bytes of each call', (t) => {
  const r = recordAndReplay(t, () =>
    simOf(function* (ffi, env) {
      const scratch = Buffer.alloc(1);
      const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'echo');
      scratch[0] = 1;
      const a = ffi.launch(f.handle, scratch);
      scratch[0] = 2;
      const b = ffi.launch(f.handle, scratch);
      yield waitFor(() => ffi.isReady(a.request).isReady && ffi.isReady(b.request).isReady, 'both');
      const out = ffi.retrieve(a.request, 1).output;
      if (out[0] !== 1) env.fail(`launched with [1], the module saw [${out[0]}]`);
    }),
  );
  t.is(r.result.outcome.kind, 'pass');
  t.deepEqual(eventsOf(r.events, 'ffi.launch').map((e) => [...e.input]), [[1], [2]]);
  t.deepEqual(eventsOf(r.events, 'req.completed').map((e) => [...e.output]), [[1], [2]]);
});

test('an output in a Node Buffer a JS module reuses: each request keeps the bytes it completed with', (t) => {
  const r = recordAndReplay(t, () => {
    const scratch = Buffer.alloc(1);
    const reuse = defineModule('m', {
      echo: (input) => {
        scratch[0] = input[0] ?? 0;
        return scratch;
      },
    });
    return simOf(function* (ffi, env) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'echo');
      const a = ffi.blockingLaunch(f.handle, Buffer.from([1]));
      ffi.blockingLaunch(f.handle, Buffer.from([2]));
      const out = ffi.retrieve(a.request, 1).output;
      if (out[0] !== 1) env.fail(`request A completed with [1], retrieve gave [${out[0]}]`);
    }, [reuse]);
  });
  t.is(r.result.outcome.kind, 'pass');
  t.deepEqual(eventsOf(r.events, 'req.completed').map((e) => [...e.output]), [[1], [2]]);
  t.deepEqual(eventsOf(r.events, 'ffi.retrieve').map((e) => [...e.output]), [[1]]);
});

// --- arguments a Wasm guest could not pass ---

interface BadCall {
  readonly name: string;
  readonly call: FfiCallName;
  /** Makes the call, given a function handle and a ready request of one byte ([7]). */
  readonly make: (ffi: LooseFfi, fn: bigint, request: bigint) => unknown;
  readonly reason: RegExp;
  readonly args: readonly (number | bigint)[] | ((fn: bigint, request: bigint) => readonly (number | bigint)[]);
}

const BAD_CALLS: readonly BadCall[] = [
  { name: 'retrieve with a fractional length', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, 0.5), reason: /out_buffer_len: expected a u32 integer, got number 0\.5/, args: (_fn, r) => [r, 0.5] },
  { name: 'retrieve with a NaN length', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, NaN), reason: /got number NaN/, args: (_fn, r) => [r, 0] },
  { name: 'retrieve with a negative length', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, -1), reason: /got number -1/, args: (_fn, r) => [r, -1] },
  { name: 'retrieve with a length past u32', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, 2 ** 32), reason: /got number 4294967296/, args: (_fn, r) => [r, 2 ** 32] },
  { name: 'retrieve with a string length', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, '1'), reason: /got a string of 1 characters/, args: (_fn, r) => [r, 0] },
  { name: 'retrieve with a number request', call: 'retrieve', make: (f, _fn, r) => f.retrieve(Number(r), 1), reason: /request: expected a u64 bigint, got number/, args: (_fn, r) => [Number(r), 1] },
  { name: 'is_ready with a number request', call: 'is_ready', make: (f, _fn, r) => f.isReady(Number(r)), reason: /request: expected a u64 bigint/, args: (_fn, r) => [Number(r)] },
  { name: 'is_ready with a negative bigint', call: 'is_ready', make: (f) => f.isReady(-1n), reason: /got bigint -1n/, args: [-1n] },
  { name: 'remove_function with a string handle', call: 'remove_function', make: (f) => f.removeFunction('1'), reason: /fn_handle: expected a u64 bigint, got a string/, args: [0] },
  { name: 'remove_function with a bigint past u64', call: 'remove_function', make: (f) => f.removeFunction(2n ** 70n), reason: /got bigint 1180591620717411303424n/, args: [0] },
  { name: 'launch with a number handle', call: 'launch', make: (f, fn) => f.launch(Number(fn), bytes(1)), reason: /fn_handle: expected a u64 bigint, got number/, args: (fn) => [Number(fn), 0] },
  { name: 'launch with an array input', call: 'launch', make: (f, fn) => f.launch(fn, [1, 2, 3]), reason: /input: expected a Uint8Array, got an array of 3/, args: (fn) => [fn, 0] },
  { name: 'launch with a string input', call: 'launch', make: (f, fn) => f.launch(fn, 'abc'), reason: /input: expected a Uint8Array, got a string/, args: (fn) => [fn, 0] },
  { name: 'blocking_launch with a null input', call: 'blocking_launch', make: (f, fn) => f.blockingLaunch(fn, null), reason: /input: expected a Uint8Array, got null/, args: (fn) => [fn, 0] },
  { name: 'blocking_launch with an Int8Array input', call: 'blocking_launch', make: (f, fn) => f.blockingLaunch(fn, new Int8Array(2)), reason: /got a Int8Array/, args: (fn) => [fn, 0] },
  { name: 'launch with an input larger than a trace records', call: 'launch', make: (f, fn) => f.launch(fn, new Uint8Array(MAX_PAYLOAD_BYTES + 1)), reason: /input: 16777217 bytes exceed the 16777216 a trace can record/, args: (fn) => [fn, 0] },
  { name: 'create_function with a string fn_type', call: 'create_function', make: (f) => f.createFunction('1', 'm', 'echo'), reason: /fn_type: expected a u32 integer, got a string/, args: [0, 0, 0] },
  { name: 'create_function with a fractional fn_type', call: 'create_function', make: (f) => f.createFunction(1.5, 'm', 'echo'), reason: /got number 1\.5/, args: [1.5, 0, 0] },
  { name: 'create_function with a negative fn_type', call: 'create_function', make: (f) => f.createFunction(-1, 'm', 'echo'), reason: /got number -1/, args: [-1, 0, 0] },
  { name: 'create_function with a number module', call: 'create_function', make: (f) => f.createFunction(1, 42, 'echo'), reason: /fn_module: expected a string, got number 42/, args: [1, 42, 0] },
  { name: 'create_function with no name', call: 'create_function', make: (f) => f.createFunction(1, 'm', undefined), reason: /fn_name: expected a string, got undefined/, args: [1, 0, 0] },
  { name: 'create_function with a lone surrogate in the module', call: 'create_function', make: (f) => f.createFunction(1, 'm\uD800', 'echo'), reason: /fn_module is not valid UTF-8/, args: [1, 0, 0] },
  { name: 'create_function with a lone surrogate in the name', call: 'create_function', make: (f) => f.createFunction(1, 'm', '\uDC00echo'), reason: /fn_name is not valid UTF-8/, args: [1, 0, 0] },
  { name: 'create_function with a name longer than a trace records', call: 'create_function', make: (f) => f.createFunction(1, 'm', 'é'.repeat(MAX_NAME_BYTES / 2 + 1)), reason: /fn_name: 1048578 UTF-8 bytes exceed the 1048576/, args: [1, 0, 0] },
];

for (const bad of BAD_CALLS) {
  test(`${bad.name} is InvalidArguments and an ffi.rejected event; the host never sees it`, (t) => {
    let answer: unknown;
    let fn = 0n;
    let request = 0n;
    const r = recordAndReplay(t, () =>
      simOf(function* (ffi, env) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'echo');
        const launched = ffi.blockingLaunch(f.handle, bytes(7));
        [fn, request] = [f.handle, launched.request];
        answer = bad.make(loose(ffi), f.handle, launched.request);
        // Nothing changed: the request is still there to retrieve, the function to launch.
        const out = ffi.retrieve(launched.request, 1);
        if (out.code !== Success || out.output[0] !== 7) env.fail(`retrieve after the refused call: ${out.code}`);
        if (ffi.blockingLaunch(f.handle, bytes(8)).code !== Success) env.fail('launch after the refused call failed');
      }),
    );
    t.is(r.result.outcome.kind, 'pass', JSON.stringify(r.result.outcome));
    const code = typeof answer === 'number' ? answer : (answer as { code: number }).code;
    t.is(code, InvalidArguments);
    const rejected = eventsOf(r.events, 'ffi.rejected');
    t.is(rejected.length, 1);
    t.like(rejected[0], { call: bad.call, caller: 'g', code: InvalidArguments });
    t.regex(rejected[0]?.reason ?? '', bad.reason);
    t.deepEqual(rejected[0]?.args, typeof bad.args === 'function' ? bad.args(fn, request) : bad.args);
    // The host saw the two launches and one create_function of the program, nothing more.
    t.is(eventsOf(r.events, 'req.launched').length, 2);
    t.is(eventsOf(r.events, 'ffi.create_function').length, 1);
    t.is(eventsOf(r.events, 'ffi.retrieve').length, 1);
    t.is(eventsOf(r.events, 'ffi.is_ready').length, 0);
    t.is(eventsOf(r.events, 'ffi.remove_function').length, 0);
  });
}

test('values a Wasm guest can pass still reach the host: fn_type and lengths up to u32 max, handles 0 and u64 max', (t) => {
  const r = recordAndReplay(t, () =>
    simOf(function* (ffi) {
      ffi.createFunction(0xffff_ffff, 'm', 'echo');
      ffi.removeFunction(0n);
      ffi.isReady((1n << 64n) - 1n);
      ffi.retrieve(1n, 0xffff_ffff);
      ffi.launch(1n, Buffer.from([1]));
    }),
  );
  t.is(eventsOf(r.events, 'ffi.rejected').length, 0);
  t.deepEqual(
    r.events.filter((e) => e.t.startsWith('ffi.')).map((e) => [e.t, (e as { code: number }).code]),
    [
      ['ffi.create_function', InvalidArguments],
      ['ffi.remove_function', InvalidArguments],
      ['ffi.is_ready', InvalidArguments],
      ['ffi.retrieve', InvalidArguments],
      ['ffi.launch', InvalidArguments],
    ],
  );
});

test('a JS module calling its ffi with a bad argument gets InvalidArguments the same way', (t) => {
  const prober = defineModule('m', { probe: (_input, env) => Uint8Array.of(loose(env.ffi).isReady(7).code) });
  const r = recordAndReplay(t, () =>
    simOf(function* (ffi, env) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'probe');
      const b = ffi.blockingLaunch(f.handle);
      const out = ffi.retrieve(b.request, 1).output;
      if (out[0] !== InvalidArguments) env.fail(`the module got ${out[0]}`);
    }, [prober]),
  );
  t.is(r.result.outcome.kind, 'pass');
  t.like(eventsOf(r.events, 'ffi.rejected')[0], { caller: 'm', call: 'is_ready', args: [7] });
});

test('the trace limits the FFI keeps to are the recorder own', (t) => {
  t.is(MAX_PAYLOAD_BYTES, TRACE_LIMITS.maxBinBytes);
  t.is(MAX_NAME_BYTES, TRACE_LIMITS.maxStringBytes);
});

test('a module output larger than a trace records fails its request with InternalError; one at the limit is kept', (t) => {
  const big = defineModule('m', { over: () => new Uint8Array(MAX_PAYLOAD_BYTES + 1), at: () => new Uint8Array(MAX_PAYLOAD_BYTES) });
  const r = recordAndReplay(t, () =>
    simOf(function* (ffi, env) {
      const over = ffi.launch(ffi.createFunction(FunctionSource.NamedModule, 'm', 'over').handle);
      const at = ffi.launch(ffi.createFunction(FunctionSource.NamedModule, 'm', 'at').handle);
      yield waitFor(() => ffi.isReady(over.request).isReady && ffi.isReady(at.request).isReady, 'both');
      if (ffi.retrieve(over.request, 0).code !== InternalError) env.fail('over the limit');
      if (ffi.retrieve(at.request, MAX_PAYLOAD_BYTES).output.length !== MAX_PAYLOAD_BYTES) env.fail('at the limit');
    }, [big]),
  );
  t.is(r.result.outcome.kind, 'pass', JSON.stringify(r.result.outcome));
  t.like(eventsOf(r.events, 'module.fault')[0], { fn: 'over', kind: 'error', message: 'm::over returned 16777217 bytes, more than the 16777216 a trace can record' });
});

// --- a host that throws ---

type HostMethod = 'createFunction' | 'removeFunction' | 'launch' | 'blockingLaunch' | 'isReady' | 'retrieve';

/** The reference host, but `method` throws what `thrown()` makes once `arm()` was called (at once if `armed`). */
function throwingHost(method: HostMethod, thrown: () => unknown, armed = true): { readonly factory: HostFactory; arm(): void } {
  const state = { armed };
  const factory: HostFactory = (env: HostEnv) => {
    const host = new ReferenceHost(env);
    const original = (host[method] as (...args: unknown[]) => unknown).bind(host);
    (host as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (state.armed) throw thrown();
      return original(...args);
    };
    return host;
  };
  return {
    factory,
    arm: () => {
      state.armed = true;
    },
  };
}

const HOST_CALLS: readonly { readonly method: HostMethod; readonly call: FfiCallName; readonly make: (ffi: GuestFfi, fn: bigint, request: bigint) => unknown }[] = [
  { method: 'createFunction', call: 'create_function', make: (f) => f.createFunction(FunctionSource.NamedModule, 'm', 'echo') },
  { method: 'removeFunction', call: 'remove_function', make: (f, fn) => f.removeFunction(fn) },
  { method: 'launch', call: 'launch', make: (f, fn) => f.launch(fn, bytes(1)) },
  { method: 'blockingLaunch', call: 'blocking_launch', make: (f, fn) => f.blockingLaunch(fn, bytes(1)) },
  { method: 'isReady', call: 'is_ready', make: (f, _fn, r) => f.isReady(r) },
  { method: 'retrieve', call: 'retrieve', make: (f, _fn, r) => f.retrieve(r, 1) },
];

for (const { method, call, make } of HOST_CALLS) {
  test(`a host that throws in ${call} answers the TS guest InternalError with an ffi.rejected event, and fails the run as a host error, not a guest panic`, (t) => {
    let answer: unknown;
    let host = throwingHost(method, () => new Error(`host bug in ${method}`), false);
    const sim = (): Simulation => {
      // A fresh host per run (the replay's too), armed once the program's own setup is done.
      host = throwingHost(method, () => new Error(`host bug in ${method}`), false);
      return simOf(function* (ffi) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'echo');
        const b = ffi.blockingLaunch(f.handle, bytes(1));
        host.arm();
        answer = make(ffi, f.handle, b.request);
      });
    };
    const r = recordAndReplay(t, sim, { host: (env) => host.factory(env) });
    t.like(r.result.outcome, { kind: 'failure', reason: 'invariant', message: `host-error in ${call}: internal error: Error: host bug in ${method}` });
    t.is(typeof answer === 'number' ? answer : (answer as { code: number }).code, InternalError);
    const rejected = eventsOf(r.events, 'ffi.rejected');
    t.is(rejected.length, 1);
    t.like(rejected[0], { call, caller: 'g', code: InternalError, reason: `internal error: Error: host bug in ${method}` });
  });
}

test('a host that throws inside a JS module nested call answers the module InternalError', (t) => {
  const relay = defineModule('m', {
    echo: (input) => new Uint8Array(input),
    relay: (_input, env) => {
      const f = env.ffi.createFunction(FunctionSource.OwnModule, '', 'echo');
      return Uint8Array.of(env.ffi.blockingLaunch(f.handle, bytes(1)).code);
    },
  });
  let launches = 0;
  const host: HostFactory = (env) => {
    const h = new ReferenceHost(env);
    const original = h.blockingLaunch.bind(h);
    h.blockingLaunch = (...args) => {
      if (++launches === 2) throw new TypeError('nested launch bug');
      return original(...args);
    };
    return h;
  };
  const r = recordAndReplay(
    t,
    () =>
      simOf(function* (ffi, env) {
        launches = 0;
        const b = ffi.blockingLaunch(ffi.createFunction(FunctionSource.NamedModule, 'm', 'relay').handle);
        const out = ffi.retrieve(b.request, 1).output;
        if (out[0] !== InternalError) env.fail(`the module got ${out[0]}`);
      }, [relay]),
    { host },
  );
  t.like(r.result.outcome, { kind: 'failure', reason: 'invariant', message: 'host-error in blocking_launch: internal error: TypeError: nested launch bug' });
  t.like(eventsOf(r.events, 'ffi.rejected')[0], { caller: 'm', call: 'blocking_launch', code: InternalError, reason: 'internal error: TypeError: nested launch bug' });
});

test('a host that throws under a Wasm guest: InternalError and one ffi.rejected event, from the GuestFfi', (t) => {
  const { factory } = throwingHost('isReady', () => new Error('host bug in isReady'));
  const r = recordAndReplay(t, () => appletSimulation('order_guest'), { host: factory });
  // The host's error ends the run before order_guest's panic on the InternalError it was given.
  t.like(r.result.outcome, { kind: 'failure', reason: 'invariant', message: 'host-error in is_ready: internal error: Error: host bug in isReady' });
  const rejected = eventsOf(r.events, 'ffi.rejected');
  t.is(rejected.length, 1);
  t.like(rejected[0], { call: 'is_ready', caller: 'order_guest', code: InternalError, reason: 'internal error: Error: host bug in isReady' });
});

test('what a host throws to end the run or its caller passes through the FFI untouched', (t) => {
  const overflow = new RangeError('Maximum call stack size exceeded');
  const abort = new SimAbort(failure('deadlock', 'from the host'));
  const fuel = new FuelExhaustedError();
  for (const thrown of [overflow, abort, fuel]) {
    const h = harness({ host: throwingHost('isReady', () => thrown).factory });
    t.is(t.throws(() => h.guest.isReady(1n)), thrown);
    t.is(eventsOf(h.events, 'ffi.rejected').length, 0);
  }
  const r = runSimulation(simOf(function* (ffi) {
    ffi.isReady(1n);
  }), { seed: 1, host: throwingHost('isReady', () => overflow).factory });
  t.deepEqual(r.outcome, STACK_EXHAUSTED);
});

// --- calls after the run ended ---

test('after close, every call throws RunEndedError naming the module and the call, and reaches neither host nor sinks', (t) => {
  let hostCalls = 0;
  const h = harness({
    host: (env) => {
      const host = new ReferenceHost(env);
      return new Proxy(host, {
        get(target, key, receiver) {
          const v: unknown = Reflect.get(target, key, receiver);
          return typeof v === 'function' ? (...a: unknown[]) => (hostCalls++, (v as (...x: unknown[]) => unknown).apply(target, a)) : v;
        },
      });
    },
  });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const kept = h.ffiFor('worker');
  h.close();
  const before = { events: h.events.length, hostCalls };
  const calls: [string, () => unknown][] = [
    ['create_function', () => h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo')],
    ['remove_function', () => h.guest.removeFunction(f.handle)],
    ['launch', () => h.guest.launch(f.handle, bytes(1))],
    ['blocking_launch', () => h.guest.blockingLaunch(f.handle)],
    ['is_ready', () => h.guest.isReady(1n)],
    ['retrieve', () => h.guest.retrieve(1n, 0)],
  ];
  for (const [call, make] of calls) {
    const e = t.throws(make, { instanceOf: RunEndedError });
    t.like(e, { module: 'guest', call });
    t.is(e?.message, `module guest called ${call} after its run ended: an ffi belongs to one run (use the one each run passes)`);
  }
  // Also an FFI first bound after the run ended, and a bad argument: the run's end comes first.
  t.throws(() => h.ffiFor('late').isReady(1n), { instanceOf: RunEndedError, message: /module late called is_ready/ });
  t.throws(() => loose(kept).retrieve('x', NaN), { instanceOf: RunEndedError, message: /module worker called retrieve/ });
  t.deepEqual({ events: h.events.length, hostCalls }, before);
});

// Flip to `test` once runSimulation calls the context's close() at its end (see SimContext.close).
test('an ffi a guest kept and calls after runSimulation returned throws RunEndedError', (t) => {
  let kept: GuestFfi | undefined;
  const r = runSimulation(simOf(function* (ffi) {
    kept = ffi;
  }), { seed: 1 });
  t.is(r.outcome.kind, 'pass');
  t.throws(() => kept?.createFunction(FunctionSource.NamedModule, 'm', 'echo'), { instanceOf: RunEndedError });
});

test('a TS guest that writes into what retrieve gave it changes no event: events never change once emitted', (t) => {
  const events: TraceEvent[] = [];
  const result = runSimulation(
    simOf(function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'm', 'echo');
      const r = ffi.launch(f.handle, bytes(1, 2, 3));
      yield waitFor(() => ffi.isReady(r.request).isReady, 'echo');
      const out = ffi.retrieve(r.request, 3);
      out.output.fill(9);
    }),
    { seed: 1, sinks: [{ emit: (e) => events.push(e) }] },
  );
  t.is(result.outcome.kind, 'pass');
  t.deepEqual([...(eventsOf(events, 'req.completed')[0]?.output ?? [])], [1, 2, 3]);
  t.deepEqual([...(eventsOf(events, 'ffi.retrieve')[0]?.output ?? [])], [1, 2, 3]);
});
