/**
 * `faulty`: functions that fail in every way a JS module can, each with a known fault
 * kind and message (the `module.fault` event must carry them) and the virtual time it
 * runs before failing. Every request of `faulty` completes with InternalError.
 */
import { concat, map, mergeMap, of, throwError, timer, type Observable } from 'rxjs';
import { defineModule, type JsFunction } from '../../sim/modules/js-module.js';
import { ModuleFault } from '../../sim/modules/module.js';
import type { ModuleFaultEvent } from '../../sim/events.js';

export interface FaultCase {
  readonly fn: string;
  readonly kind: ModuleFaultEvent['kind'];
  readonly message: string;
  /** Virtual microseconds the function runs (after the launch latency) before it fails. */
  readonly afterUs: number;
}

const later = <T>(us: number, env: Parameters<JsFunction>[1], error: () => unknown): Observable<T> =>
  timer(us, env.scheduler).pipe(mergeMap(() => throwError(error)));

const cases: readonly (FaultCase & { readonly run: JsFunction })[] = [
  {
    fn: 'code',
    kind: 'code',
    message: 'returned InvalidArguments (5)',
    afterUs: 0,
    // What a Wasm function returning a nonzero ErrorCode becomes.
    run: () => {
      throw new ModuleFault('code', 'returned InvalidArguments (5)');
    },
  },
  {
    fn: 'throwsError',
    kind: 'error',
    message: 'faulty.throwsError failed',
    afterUs: 0,
    run: () => {
      throw new Error('faulty.throwsError failed');
    },
  },
  {
    fn: 'throwsTypeError',
    kind: 'error',
    message: "Cannot read properties of undefined (reading 'x')",
    afterUs: 0,
    run: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    },
  },
  {
    fn: 'throwsString',
    kind: 'error',
    message: 'a thrown string',
    afterUs: 0,
    run: () => {
      throw 'a thrown string';
    },
  },
  {
    fn: 'throwsUndefined',
    kind: 'error',
    message: 'undefined',
    afterUs: 0,
    run: () => {
      throw undefined;
    },
  },
  {
    fn: 'trap',
    kind: 'trap',
    message: 'unreachable executed',
    afterUs: 0,
    run: () => {
      throw new ModuleFault('trap', 'unreachable executed');
    },
  },
  {
    fn: 'panic',
    kind: 'panic',
    message: "panicked at 'index out of bounds' (src/lib.rs:3:5)",
    afterUs: 0,
    run: () => {
      throw new ModuleFault('panic', "panicked at 'index out of bounds' (src/lib.rs:3:5)");
    },
  },
  {
    fn: 'erroredStream',
    kind: 'error',
    message: 'the stream errored at subscription',
    afterUs: 0,
    run: () => throwError(() => new Error('the stream errored at subscription')),
  },
  {
    fn: 'errorsLater',
    kind: 'error',
    message: 'faulty.errorsLater failed after 5000 us',
    afterUs: 5000,
    run: (_input, env) => later(5000, env, () => new Error('faulty.errorsLater failed after 5000 us')),
  },
  {
    fn: 'trapsLater',
    kind: 'trap',
    message: 'out of bounds memory access',
    afterUs: 4000,
    run: (_input, env) => later(4000, env, () => new ModuleFault('trap', 'out of bounds memory access')),
  },
  {
    // The output so far must not leak out as a result: the request fails.
    fn: 'emitsThenErrors',
    kind: 'error',
    message: 'failed after emitting a value',
    afterUs: 3000,
    run: (input, env) => concat(of(input), later<Uint8Array>(3000, env, () => new Error('failed after emitting a value'))),
  },
  {
    fn: 'throwsInOperator',
    kind: 'error',
    message: 'invalid array length',
    afterUs: 2000,
    run: (_input, env) =>
      timer(2000, env.scheduler).pipe(
        map((): Uint8Array => {
          throw new RangeError('invalid array length');
        }),
      ),
  },
];

/** Every way `faulty` fails, by function. */
export const FAULT_CASES: readonly FaultCase[] = cases.map(({ fn, kind, message, afterUs }) => ({ fn, kind, message, afterUs }));

export const faulty = defineModule('faulty', Object.fromEntries(cases.map((c) => [c.fn, c.run])));
