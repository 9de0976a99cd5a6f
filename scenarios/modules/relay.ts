/**
 * `relay`: a module that launches into another named module (`worker`) and reports on
 * handles that belong to someone else.
 */
import { map, mergeMap, of } from 'rxjs';
import { codeName, ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { defineModule } from '../../sim/modules/js-module.js';
import type { InvocationEnv } from '../../sim/modules/module.js';
import { checkDeadFunction, checkDeadRequest, firstProblem } from '../checks.js';
import { concatBytes, fromUtf8, readU64le, u64le, utf8 } from '../util.js';
import { probeNotFound, report } from './probes.js';
import { whenReady } from './when-ready.js';
import { workOutput } from './worker.js';

const { Success } = ErrorCode;

/** What `relay.forward` returns for a payload: `relay:` and worker.work's output. */
export function forwardOutput(payload: Uint8Array): Uint8Array {
  return concatBytes(utf8('relay:'), workOutput(payload));
}

function must(code: number, what: string): void {
  if (code !== Success) throw new Error(`relay: ${what} returned ${codeName(code)}`);
}

/** `[blocking, ...payload]`: worker.work(payload) through NamedModule, async or blocking. */
function forward(input: Uint8Array, env: InvocationEnv) {
  const { ffi } = env;
  const blocking = input[0] === 1;
  const payload = input.slice(1);
  const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'work');
  must(f.code, 'create_function(worker::work)');
  const r = blocking ? ffi.blockingLaunch(f.handle, payload) : ffi.launch(f.handle, payload);
  must(r.code, blocking ? 'blocking_launch(worker::work)' : 'launch(worker::work)');
  must(ffi.removeFunction(f.handle), 'remove_function(worker::work)');
  const take = (size: number): Uint8Array => {
    const out = ffi.retrieve(r.request, size);
    must(out.code, 'retrieve(worker::work)');
    return concatBytes(utf8('relay:'), out.output);
  };
  if (blocking) {
    const s = ffi.isReady(r.request);
    must(s.code, 'is_ready(worker::work)');
    if (!s.isReady) throw new Error('relay: worker::work not ready right after blocking_launch');
    return take(s.size);
  }
  return whenReady(ffi, env.scheduler, r.request, 'worker::work').pipe(map(take));
}

/** NotFound from a nested caller: a missing function of `worker`, then a missing module. */
function probeMissing(input: Uint8Array, env: InvocationEnv) {
  return probeNotFound(env, FunctionSource.NamedModule, 'worker', 'missing', input).pipe(
    mergeMap((first) =>
      fromUtf8(first) === 'ok' ? probeNotFound(env, FunctionSource.NamedModule, 'nowhere', 'echo', input) : of(first),
    ),
  );
}

/**
 * Input: the guest's function handle and one of its live requests (u64 LE). Every call
 * with them must be InvalidArguments here. Output: a function handle and a live
 * request of relay's own (u64 LE), then the report (`ok` or the problem).
 *
 * The guest's handles are tried before relay creates or launches anything, so relay has
 * no live handle of its own they could equal, even on a host that numbers each module's
 * handles on its own (where relay's function 1 and the guest's may both exist): provided
 * no other relay call is in flight, which only the scenario can ensure (foreign-handles
 * launches nothing else into relay).
 */
function probeForeign(input: Uint8Array, env: InvocationEnv) {
  const { ffi } = env;
  const theirs = firstProblem(
    () => checkDeadFunction(ffi, readU64le(input, 0), "the guest's function handle, from relay"),
    () => checkDeadRequest(ffi, readU64le(input, 1), "the guest's request, from relay"),
  );
  const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  must(f.code, 'create_function(worker::echo)');
  // Left unretrieved on purpose: the guest must not be able to see it either.
  const r = ffi.blockingLaunch(f.handle, utf8('relay-owned'));
  must(r.code, 'blocking_launch(worker::echo)');
  return concatBytes(u64le([f.handle, r.request]), report(theirs));
}

export const relay = defineModule('relay', { forward, probeMissing, probeForeign });
