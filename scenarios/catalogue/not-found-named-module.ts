import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkOutput, expectCode } from '../checks.js';
import { awaitReady, createFunction, expectFailure, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, NotFound } = ErrorCode;

/** Named targets that do not exist; create_function accepts them all (existence is a launch question). */
const MISSING: readonly (readonly [module: string, fn: string])[] = [
  ['no-such-module', 'echo'],
  ['worker', 'missing'],
  ['worker', 'Echo'],
  ['worker', ''],
  ['', 'echo'],
  ['Worker', 'echo'],
];

/**
 * A missing module, and an existing module without the function: NotFound at launch
 * (eager) or at retrieve with is_ready true and size 0 (deferred), async and blocking,
 * each consuming its request; the handle stays valid (NotFound again) until removed.
 * A good launch of worker.echo runs alongside, unaffected.
 */
export const notFoundNamedModule = defineScenario({
  name: 'not-found-named-module',
  description: 'NamedModule missing, or present without the function: NotFound at launch or retrieve',
  tags: ['not-found', 'errors'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const control = launch(ffi, env, echo, new Uint8Array([42]), 'worker::echo alongside');
      for (const [module, name] of MISSING) {
        const target = `${module}::${name}`;
        const fn = createFunction(ffi, env, FunctionSource.NamedModule, module, name);
        for (const blocking of [false, true, false]) {
          const what = `${blocking ? 'blocking' : 'async'} ${target}`;
          yield* expectFailure(ffi, env, { fn, input: new Uint8Array([env.rng.below(256)]), code: NotFound, blocking, what });
        }
        must(env, expectCode(`remove_function(${target}) after NotFound`, ffi.removeFunction(fn), Success));
        must(env, checkDeadFunction(ffi, fn, `removed ${target}`));
      }
      const size = yield* awaitReady(ffi, env, control, 'worker::echo alongside');
      must(env, checkOutput(ffi, control, size, new Uint8Array([42]), 'worker::echo alongside'));
    }),
  }),
});
