/**
 * Probes a launched function runs on its own FFI and reports on, for answers a guest
 * cannot see directly (NotFound inside a module, handles of another module). The output
 * is `ok` or the first problem, as text: the guest fails the run with it.
 */
import { catchError, map, of, type Observable } from 'rxjs';
import type { GuestFfi } from '../../sim/guest/ffi.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import type { InvocationEnv } from '../../sim/modules/module.js';
import {
  checkDeadFunction,
  checkFailed,
  expectCode,
  firstProblem,
  launchExpectingError,
  readyNow,
  type Problem,
} from '../checks.js';
import { utf8 } from '../util.js';
import { whenReady } from './when-ready.js';

const { Success, NotFound } = ErrorCode;

/** What a probe returns: `ok`, or its first problem. */
export function report(problem: Problem): Uint8Array {
  return utf8(problem ?? 'ok');
}

/** A blocking launch that must fail with NotFound, at launch or at retrieve. */
function blockingNotFound(ffi: GuestFfi, fn: bigint, input: Uint8Array, what: string): Problem {
  const b = launchExpectingError(ffi, true, fn, input, NotFound, what);
  if (b.kind === 'problem') return b.problem;
  if (b.kind === 'eager') return undefined;
  const s = readyNow(ffi, b.request, what);
  return 'problem' in s ? s.problem : checkFailed(ffi, b.request, s.size, NotFound, what);
}

/** An async launch that must fail with NotFound; completes when the answer is known. */
function asyncNotFound(ffi: GuestFfi, env: InvocationEnv, fn: bigint, input: Uint8Array, what: string): Observable<Problem> {
  const a = launchExpectingError(ffi, false, fn, input, NotFound, what);
  if (a.kind === 'problem') return of(a.problem);
  if (a.kind === 'eager') return of(undefined);
  return whenReady(ffi, env.scheduler, a.request, what).pipe(
    map((size) => checkFailed(ffi, a.request, size, NotFound, what)),
    catchError((e: unknown) => of(e instanceof Error ? e.message : String(e))),
  );
}

/**
 * Launches `fn` (a function that does not exist), blocking and then async, expecting
 * NotFound each time; the handle stays valid after NotFound, and is removed at the end.
 */
export function probeNotFound(
  env: InvocationEnv,
  source: number,
  module: string,
  name: string,
  input: Uint8Array,
): Observable<Uint8Array> {
  const { ffi } = env;
  const target = source === FunctionSource.OwnModule ? `OwnModule::${name}` : `${module}::${name}`;
  const f = ffi.createFunction(source, module, name);
  const created = expectCode(`create_function(${target})`, f.code, Success);
  if (created !== undefined) return of(report(created));
  const blocked = blockingNotFound(ffi, f.handle, input, `blocking ${target} from ${ffi.module}`);
  if (blocked !== undefined) return of(report(blocked));
  const finish = (): Problem =>
    firstProblem(
      () => expectCode(`remove_function(${target}) after NotFound`, ffi.removeFunction(f.handle), Success),
      () => checkDeadFunction(ffi, f.handle, `removed ${target}`),
    );
  return asyncNotFound(ffi, env, f.handle, input, `async ${target} from ${ffi.module}`).pipe(
    map((problem) => report(problem ?? finish())),
  );
}

/** `worker.probeOwnMissing`: NotFound for a function its own module lacks. */
export function probeOwnMissing(input: Uint8Array, env: InvocationEnv): Observable<Uint8Array> {
  return probeNotFound(env, FunctionSource.OwnModule, '', 'missing', input);
}
