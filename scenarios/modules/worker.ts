/**
 * `worker`: the JS module most scenarios launch. Every function is a pure function of
 * its input (so guests can check outputs), some take virtual time, some launch nested
 * work in their own module.
 */
import { EMPTY, ignoreElements, map, mergeMap, NEVER, throwError, timer, type Observable } from 'rxjs';
import type { GuestFfi } from '../../sim/guest/ffi.js';
import { codeName, ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { after } from '../../sim/modules/after.js';
import { defineModule } from '../../sim/modules/js-module.js';
import type { InvocationEnv } from '../../sim/modules/module.js';
import { concatBytes } from '../util.js';
import { probeOwnMissing } from './probes.js';
import { whenReady } from './when-ready.js';

/** What `worker.work` returns for an input: the bytes reversed, then the length. */
export function workOutput(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length + 1);
  for (let i = 0; i < input.length; i++) out[i] = input[input.length - 1 - i] as number;
  out[input.length] = input.length & 0xff;
  return out;
}

/** The input of `worker.expand`: the output's size in bytes, and a pattern seed. */
export function expandInput(size: number, seed: number): Uint8Array {
  const input = new Uint8Array(5);
  new DataView(input.buffer).setUint32(0, size, true);
  input[4] = seed & 0xff;
  return input;
}

/** Row `c` (256 bytes): `(c + 31k) & 0xff` for k = 0..255. */
const EXPAND_ROWS: readonly Uint8Array[] = Array.from({ length: 256 }, (_, c) => Uint8Array.from({ length: 256 }, (_, k) => (c + 31 * k) & 0xff));

/**
 * What `worker.expand` returns: `size` bytes of a pattern that is wrong if shifted or cut,
 * byte i being `(seed + 31i + (i >>> 8) + (i >>> 16)) & 0xff`. Built 256 bytes at a time:
 * in block j (i = 256j + k) that is `(seed + j + (j >>> 8) + 31k) & 0xff`, since 31·256j
 * vanishes mod 256 and i >>> 16 = j >>> 8, so each block is a row of EXPAND_ROWS. Byte by
 * byte it was most of the catalogue's run time (large-io makes ~4 MiB of it per run).
 */
export function expandOutput(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  const whole = size - (size % 256);
  let j = 0;
  for (let i = 0; i < whole; i += 256, j++) out.set(EXPAND_ROWS[(seed + j + (j >>> 8)) & 0xff] as Uint8Array, i);
  if (whole < size) out.set((EXPAND_ROWS[(seed + j + (j >>> 8)) & 0xff] as Uint8Array).subarray(0, size - whole), whole);
  return out;
}

/** What `worker.chain` returns for `[depth, ...payload]`: depth, depth-1, ..., 1, then the payload. */
export function chainOutput(depth: number, payload: Uint8Array): Uint8Array {
  const prefix = Array.from({ length: depth }, (_, i) => depth - i);
  return concatBytes(new Uint8Array(prefix), payload);
}

/** Throws (failing the outer request with InternalError) unless `code` is Success. */
function ok(code: number, what: string): void {
  if (code !== ErrorCode.Success) throw new Error(`${what} returned ${codeName(code)}`);
}

/** Retrieves a ready nested request of known size; its output or a throw. */
function retrieveNested(ffi: GuestFfi, request: bigint, size: number, what: string): Uint8Array {
  const out = ffi.retrieve(request, size);
  ok(out.code, `nested retrieve(${what})`);
  return out.output;
}

/**
 * `[depth, ...payload]`: launches `chain([depth - 1, ...payload])` in its own module
 * (OwnModule, with a module name OwnModule must ignore), blocking when depth is odd and
 * async when even, removes its function handle while the inner request is in flight,
 * and prefixes the inner output with `depth`.
 */
function chain(input: Uint8Array, env: InvocationEnv): Uint8Array | Observable<Uint8Array> {
  const depth = input[0] ?? 0;
  if (depth === 0) return input.slice(1);
  const { ffi } = env;
  const f = ffi.createFunction(FunctionSource.OwnModule, 'not-a-module: OwnModule ignores this', 'chain');
  ok(f.code, 'nested create_function(OwnModule::chain)');
  const inner = concatBytes(new Uint8Array([depth - 1]), input.subarray(1));
  const what = `chain depth ${depth - 1}`;
  const prefix = (out: Uint8Array): Uint8Array => concatBytes(new Uint8Array([depth]), out);
  if (depth % 2 === 1) {
    const r = ffi.blockingLaunch(f.handle, inner);
    ok(r.code, `nested blocking_launch(${what})`);
    ok(ffi.removeFunction(f.handle), 'nested remove_function');
    const s = ffi.isReady(r.request);
    ok(s.code, `nested is_ready(${what})`);
    if (!s.isReady) throw new Error(`nested is_ready(${what}): not ready right after blocking_launch`);
    return prefix(retrieveNested(ffi, r.request, s.size, what));
  }
  const r = ffi.launch(f.handle, inner);
  ok(r.code, `nested launch(${what})`);
  ok(ffi.removeFunction(f.handle), 'nested remove_function');
  return whenReady(ffi, env.scheduler, r.request, what).pipe(map((size) => prefix(retrieveNested(ffi, r.request, size, what))));
}

export const worker = defineModule('worker', {
  /** Returns at once (after the host's launch latency). */
  echo: (input) => input,
  /** Takes input[0] * 1000 virtual microseconds on top of the launch latency. */
  work: (input, env) => after(env.scheduler, (input[0] ?? 0) * 1000, () => workOutput(input)),
  /** Throws: InternalError for the request. */
  fail: () => {
    throw new Error('worker.fail failed on purpose');
  },
  /** A stream that errors after some virtual time. */
  // (`delay` would not delay an error notification; a timer does.)
  failLater: (_input, env) =>
    timer(5000, env.scheduler).pipe(mergeMap(() => throwError(() => new Error('worker.failLater failed on purpose')))),
  /** Launches worker.echo nested (OwnModule), blocking, and returns its output prefixed. */
  nested: (input, env) => {
    const f = env.ffi.createFunction(0, '', 'echo');
    if (f.code !== 0) throw new Error(`nested create_function: ${f.code}`);
    const r = env.ffi.blockingLaunch(f.handle, input);
    if (r.code !== 0) throw new Error(`nested blocking_launch: ${r.code}`);
    const ready = env.ffi.isReady(r.request);
    const out = env.ffi.retrieve(r.request, ready.size);
    if (out.code !== 0) throw new Error(`nested retrieve: ${out.code}`);
    return new Uint8Array([...new TextEncoder().encode('nested:'), ...out.output]);
  },
  chain,
  /** Empty output, whatever the input. */
  drop: () => new Uint8Array(0),
  /** Completes without a value: empty output (ABI part 1: no return_slice call). */
  silent: () => EMPTY,
  /** Completes without a value after 3000 us. */
  silentLater: (_input, env) => timer(3000, env.scheduler).pipe(ignoreElements()),
  /** The input's length, u32 little-endian. */
  length: (input) => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, input.length, true);
    return out;
  },
  /** `expandOutput(size, seed)` for `expandInput(size, seed)`; an input too short is an error. */
  expand: (input) => {
    if (input.length !== 5) throw new Error(`worker.expand: input of ${input.length} bytes, expected 5`);
    return expandOutput(new DataView(input.buffer, input.byteOffset).getUint32(0, true), input[4] as number);
  },
  /** Probes NotFound for a missing function of its own module; output `ok` or the problem. */
  probeOwnMissing,
  /** Never completes: the run reports it pending. */
  hang: () => NEVER,
});
