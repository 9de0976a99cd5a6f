import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkDeadRequest, checkOutput, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, expectFailure, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, NotFound, InvalidArguments } = ErrorCode;
const U64_MAX = (1n << 64n) - 1n;

/** The largest value up to `from` that is not in `taken`: "never issued" must not be guessed. */
function largestNotIn(taken: ReadonlySet<bigint>, from: bigint): bigint {
  let h = from;
  while (taken.has(h)) h--;
  return h;
}

/**
 * Dead handles: a request retrieved twice, polled after it was consumed, a function
 * removed twice, handles never issued (0, the largest values up to u64 max and up to 2^63
 * the guest did not get, seeded values it never got), a request handle used as a function
 * handle and the reverse. Each is InvalidArguments in every call, and misusing a live
 * handle does not disturb it.
 *
 * ABI.md does not put function and request handles in one number space: a host may issue
 * function 1 and request 1. So a handle of one kind is used as the other only when its
 * value is not a live handle of that other kind (with the reference host's shared space,
 * always), and "never issued" means never issued to this guest as either kind.
 */
export const staleAndDoubleHandles = defineScenario({
  name: 'stale-and-double-handles',
  description: 'double retrieve, consumed/removed/unknown handles, request vs function mix-ups',
  tags: ['handles', 'lifecycle'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      /** Every handle this guest got, of either kind. */
      const issued = new Set<bigint>();
      const liveFunctions = new Set<bigint>();
      const liveRequests = new Set<bigint>();
      const gotFunction = (h: bigint): bigint => {
        issued.add(h);
        liveFunctions.add(h);
        return h;
      };
      const gotRequest = (h: bigint): bigint => {
        issued.add(h);
        liveRequests.add(h);
        return h;
      };
      /** A request handle as a function handle: dead unless a live function has the same value. */
      const deadAsFunction = (h: bigint, what: string) => (liveFunctions.has(h) ? undefined : checkDeadFunction(ffi, h, what));
      /** A function handle as a request: dead unless a live request has the same value. */
      const deadAsRequest = (h: bigint, what: string) => (liveRequests.has(h) ? undefined : checkDeadRequest(ffi, h, what));

      const echo = gotFunction(createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo'));
      const input = new Uint8Array([5, 6, 7]);

      // Consumed by a successful retrieve: async and blocking.
      const a = gotRequest(launch(ffi, env, echo, input, 'async echo'));
      must(env, checkOutput(ffi, a, yield* awaitReady(ffi, env, a, 'async echo'), input, 'async echo'));
      liveRequests.delete(a);
      const twice = ffi.retrieve(a, input.length).code;
      must(env, expectCode('retrieve(async echo) a second time, right length', twice, InvalidArguments));
      const b = blockingLaunch(ffi, env, echo, input, 'blocking echo');
      gotRequest(b.request);
      must(env, checkOutput(ffi, b.request, b.size, input, 'blocking echo'));
      liveRequests.delete(b.request);
      const twiceBlocking = ffi.retrieve(b.request, input.length).code;
      must(env, expectCode('retrieve(blocking echo) a second time', twiceBlocking, InvalidArguments));

      // Consumed by a deferred error (under eager there is no request to consume).
      const missing = gotFunction(createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'missing'));
      yield* expectFailure(ffi, env, { fn: missing, code: NotFound, blocking: false, what: 'worker::missing', onRequest: (h) => issued.add(h) });

      // A live request and a live function, each used as the other.
      const live = gotRequest(launch(ffi, env, echo, input, 'live echo'));
      must(env, deadAsFunction(live, 'a live request used as a function handle'));
      must(env, deadAsRequest(echo, 'a live function handle used as a request'));
      // Consumed requests as function handles; a removed function as a request.
      must(env, deadAsFunction(a, 'a consumed request used as a function handle'));
      must(env, checkDeadRequest(ffi, a, 'a consumed request'));

      // Removed twice.
      must(env, expectCode('remove_function(worker::missing)', ffi.removeFunction(missing), Success));
      liveFunctions.delete(missing);
      must(env, checkDeadFunction(ffi, missing, 'a removed function')); // includes the second remove
      must(env, deadAsRequest(missing, 'a removed function used as a request'));

      // Never issued to this guest, as either kind. A host may issue any nonzero u64,
      // u64 max included, so the large values are the largest ones this guest did not get.
      const unknown = [0n, largestNotIn(issued, U64_MAX), largestNotIn(issued, 1n << 63n)];
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
