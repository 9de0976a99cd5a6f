import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, drainOutputs, launch, must, type Expected } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { forwardOutput, relay } from '../modules/relay.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { concatBytes, fromUtf8 } from '../util.js';

const { Success } = ErrorCode;

/**
 * A launched module launching into another named module: relay.forward runs
 * worker.work through NamedModule, async (its stream waits on the inner request) or
 * blocking, with the guest launching relay both ways; relay.probeMissing checks NotFound
 * from a nested caller for a missing function of worker and for a missing module.
 */
export const moduleToModule = defineScenario({
  name: 'module-to-module',
  description: 'a launched module launching into another named module; NotFound from a nested caller',
  tags: ['nested', 'named-module'],
  build: () => ({
    modules: [worker, relay],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest', 'relay')],
    guest: programGuest('guest', function* (ffi, env) {
      const forward = createFunction(ffi, env, FunctionSource.NamedModule, 'relay', 'forward');
      const pending = new Map<bigint, Expected>();
      for (let i = 0; i < 6; i++) {
        const payload = new Uint8Array([env.rng.below(12), i]);
        const inner = i % 2 === 0 ? 'async' : 'blocking';
        const input = concatBytes(new Uint8Array([i % 2]), payload);
        if (i < 4) {
          const what = `async relay.forward (${inner} inside)`;
          pending.set(launch(ffi, env, forward, input, what), { what, output: forwardOutput(payload) });
        } else {
          const what = `blocking relay.forward (${inner} inside)`;
          const b = blockingLaunch(ffi, env, forward, input, what);
          must(env, checkOutput(ffi, b.request, b.size, forwardOutput(payload), what));
        }
      }
      const probe = createFunction(ffi, env, FunctionSource.NamedModule, 'relay', 'probeMissing');
      const p = launch(ffi, env, probe, new Uint8Array([3]), 'relay.probeMissing');
      const size = yield* awaitReady(ffi, env, p, 'relay.probeMissing');
      const out = ffi.retrieve(p, size);
      must(env, expectCode('retrieve(relay.probeMissing)', out.code, Success));
      if (fromUtf8(out.output) !== 'ok') env.fail(`relay.probeMissing: ${fromUtf8(out.output)}`);
      yield* drainOutputs(ffi, env, pending, env.rng);
    }),
  }),
});
