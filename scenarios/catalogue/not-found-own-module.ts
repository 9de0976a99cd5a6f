import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, expectFailure, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { fromUtf8 } from '../util.js';

const { Success, NotFound } = ErrorCode;

/**
 * OwnModule names a function the calling module lacks: the guest itself (which exports
 * none), and worker from inside one of its own functions (worker.probeOwnMissing, which
 * reports what it saw). NotFound at launch (eager) or at retrieve with size 0 (deferred),
 * async and blocking; the request is consumed by it, and the function handle stays valid.
 */
export const notFoundOwnModule = defineScenario({
  name: 'not-found-own-module',
  description: 'OwnModule function missing (guest, and a module from inside): NotFound at launch or retrieve',
  tags: ['not-found', 'errors'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const own = createFunction(ffi, env, FunctionSource.OwnModule, '', 'missing');
      for (const blocking of [false, true, false]) {
        const what = `${blocking ? 'blocking' : 'async'} OwnModule::missing`;
        yield* expectFailure(ffi, env, { fn: own, input: new Uint8Array([1, 2, 3]), code: NotFound, blocking, what });
      }
      must(env, expectCode('remove_function(OwnModule::missing) after NotFound', ffi.removeFunction(own), Success));
      must(env, checkDeadFunction(ffi, own, 'removed OwnModule::missing'));

      // Inside worker: OwnModule resolves to worker, which has no `missing`.
      const probe = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'probeOwnMissing');
      const reports: [string, bigint, number][] = [];
      const a = launch(ffi, env, probe, new Uint8Array([7]), 'async worker.probeOwnMissing');
      const b = blockingLaunch(ffi, env, probe, new Uint8Array([8]), 'blocking worker.probeOwnMissing');
      reports.push(['blocking', b.request, b.size]);
      reports.push(['async', a, yield* awaitReady(ffi, env, a, 'async worker.probeOwnMissing')]);
      for (const [how, request, size] of reports) {
        const out = ffi.retrieve(request, size);
        must(env, expectCode(`retrieve(${how} worker.probeOwnMissing)`, out.code, Success));
        const text = fromUtf8(out.output);
        if (text !== 'ok') env.fail(`worker.probeOwnMissing (${how}): ${text}`);
      }
    }),
  }),
});
