import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkDeadRequest, checkOutput, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, expectFailure, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, NotFound, InvalidArguments } = ErrorCode;
const U64_MAX = (1n << 64n) - 1n;

/**
 * Dead handles: a request retrieved twice, polled after it was consumed, a function
 * removed twice, handles never issued (0, u64 max, seeded values the guest never got),
 * a request handle used as a function handle and the reverse. Each is InvalidArguments
 * in every call, and misusing a live handle does not disturb it.
 */
export const staleAndDoubleHandles = defineScenario({
  name: 'stale-and-double-handles',
  description: 'double retrieve, consumed/removed/unknown handles, request vs function mix-ups',
  tags: ['handles', 'lifecycle'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const issued = new Set<bigint>();
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      issued.add(echo);
      const input = new Uint8Array([5, 6, 7]);

      // Consumed by a successful retrieve: async and blocking.
      const a = launch(ffi, env, echo, input, 'async echo');
      issued.add(a);
      must(env, checkOutput(ffi, a, yield* awaitReady(ffi, env, a, 'async echo'), input, 'async echo'));
      const twice = ffi.retrieve(a, input.length).code;
      must(env, expectCode('retrieve(async echo) a second time, right length', twice, InvalidArguments));
      const b = blockingLaunch(ffi, env, echo, input, 'blocking echo');
      issued.add(b.request);
      must(env, checkOutput(ffi, b.request, b.size, input, 'blocking echo'));
      const twiceBlocking = ffi.retrieve(b.request, input.length).code;
      must(env, expectCode('retrieve(blocking echo) a second time', twiceBlocking, InvalidArguments));

      // Consumed by a deferred error (under eager there is no request to consume).
      const missing = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'missing');
      issued.add(missing);
      yield* expectFailure(ffi, env, { fn: missing, code: NotFound, blocking: false, what: 'worker::missing' });

      // A live request and a live function, each used as the other.
      const live = launch(ffi, env, echo, input, 'live echo');
      issued.add(live);
      must(env, checkDeadFunction(ffi, live, 'a live request used as a function handle'));
      must(env, checkDeadRequest(ffi, echo, 'a live function handle used as a request'));
      // Consumed requests as function handles; a removed function as a request.
      must(env, checkDeadFunction(ffi, a, 'a consumed request used as a function handle'));
      must(env, checkDeadRequest(ffi, a, 'a consumed request'));

      // Removed twice.
      must(env, expectCode('remove_function(worker::missing)', ffi.removeFunction(missing), Success));
      must(env, checkDeadFunction(ffi, missing, 'a removed function')); // includes the second remove
      must(env, checkDeadRequest(ffi, missing, 'a removed function used as a request'));

      // Never issued to this guest.
      const unknown = [0n, U64_MAX, 1n << 63n];
      while (unknown.length < 8) unknown.push((BigInt(env.rng.uint32()) << 32n) | BigInt(env.rng.uint32()));
      for (const h of unknown.filter((u) => !issued.has(u))) {
        must(env, checkDeadFunction(ffi, h, 'a handle never issued'));
        must(env, checkDeadRequest(ffi, h, 'a handle never issued'));
      }

      // None of that disturbed the live ones.
      must(env, checkOutput(ffi, live, yield* awaitReady(ffi, env, live, 'live echo'), input, 'live echo after misuse'));
      const again = blockingLaunch(ffi, env, echo, input, 'echo after misuse');
      must(env, checkOutput(ffi, again.request, again.size, input, 'echo after misuse'));
      must(env, expectCode('remove_function(echo)', ffi.removeFunction(echo), Success));
      must(env, expectCode('remove_function(echo) a second time', ffi.removeFunction(echo), InvalidArguments));
    }),
  }),
});
