/**
 * `worker`: the JS module most scenarios launch. Every function is a pure function of
 * its input (so guests can check outputs), some take virtual time.
 */
import { delay, mergeMap, NEVER, of, throwError, timer } from 'rxjs';
import { defineModule } from '../../sim/modules/js-module.js';

/** What `worker.work` returns for an input: the bytes reversed, then the length. */
export function workOutput(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length + 1);
  for (let i = 0; i < input.length; i++) out[i] = input[input.length - 1 - i] as number;
  out[input.length] = input.length & 0xff;
  return out;
}

export const worker = defineModule('worker', {
  /** Returns at once (after the host's launch latency). */
  echo: (input) => input,
  /** Takes input[0] * 1000 virtual microseconds on top of the launch latency. */
  work: (input, env) => of(workOutput(input)).pipe(delay((input[0] ?? 0) * 1000, env.scheduler)),
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
  /** Never completes: the run reports it pending. */
  hang: () => NEVER,
});
