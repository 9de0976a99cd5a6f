import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkDeadRequest, checkOutput, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { relay } from '../modules/relay.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { fromUtf8, readU64le, u64le } from '../util.js';

const { Success } = ErrorCode;

/**
 * Handles belong to the module that got them. The guest hands relay its function
 * handle and a live, ready request (as bytes); relay must get InvalidArguments for every
 * call with them, and hands back its own function handle and live request, which must
 * be InvalidArguments to the guest. Neither side's handles are disturbed: the guest's
 * request is still retrievable and its function still launches.
 *
 * A host may number each module's handles on its own (they mean nothing to another
 * module), so relay's function handle may have the value of one of the guest's own live
 * functions, and its request that of the guest's live request: the host is then right to
 * answer for the guest's own handle, and the guest probes only the values that are none
 * of its own live handles of that kind. With the reference host's numbering (one space
 * for the run) no value collides, and both are probed. Relay probes the guest's handles
 * before it has any of its own (see relay.probeForeign), so it always can.
 */
export const foreignHandles = defineScenario({
  name: 'foreign-handles',
  description: "another module's function and request handles are InvalidArguments; theirs stay intact",
  tags: ['handles', 'nested'],
  build: () => ({
    modules: [worker, relay],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const mine = new Uint8Array([env.rng.below(256), 1, 2]);
      const live = launch(ffi, env, echo, mine, 'echo');
      const size = yield* awaitReady(ffi, env, live, 'echo');

      const probe = createFunction(ffi, env, FunctionSource.NamedModule, 'relay', 'probeForeign');
      const p = blockingLaunch(ffi, env, probe, u64le([echo, live]), 'relay.probeForeign');
      const out = ffi.retrieve(p.request, p.size);
      must(env, expectCode('retrieve(relay.probeForeign)', out.code, Success));
      if (out.output.length < 16) env.fail(`relay.probeForeign returned ${out.output.length} bytes, expected at least 16`);
      const text = fromUtf8(out.output.subarray(16));
      if (text !== 'ok') env.fail(`relay.probeForeign: ${text}`);
      // The guest's live handles now: echo and probe; live (p.request was just consumed).
      const theirFunction = readU64le(out.output, 0);
      if (theirFunction !== echo && theirFunction !== probe) {
        must(env, checkDeadFunction(ffi, theirFunction, "relay's function handle, from the guest"));
      }
      const theirRequest = readU64le(out.output, 1);
      if (theirRequest !== live) must(env, checkDeadRequest(ffi, theirRequest, "relay's live request, from the guest"));

      must(env, checkOutput(ffi, live, size, mine, 'echo after relay tried it'));
      const again = blockingLaunch(ffi, env, echo, mine, 'echo launched after relay tried the handle');
      must(env, checkOutput(ffi, again.request, again.size, mine, 'echo launched after relay tried the handle'));
    }),
  }),
});
