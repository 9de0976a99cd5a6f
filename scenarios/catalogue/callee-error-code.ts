import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { awaitOutput, createFunction, expectFailure, launch } from '../guest-helpers.js';
import { COMMON_INVARIANTS, faultsExplained } from '../invariants/index.js';
import { FAULT_CASES, faulty } from '../modules/faulty.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { InternalError } = ErrorCode;

/**
 * A launched function that returns a nonzero code (faulty.code) or throws (worker.fail):
 * an async launch succeeds and retrieve returns InternalError (the function had not run
 * when launch returned); a blocking launch returns InternalError itself (eager) or
 * succeeds and retrieve does (deferred). The handle stays usable; other requests are
 * not affected.
 */
export const calleeErrorCode = defineScenario({
  name: 'callee-error-code',
  description: 'a function returning an error code or throwing: InternalError (async: at retrieve)',
  tags: ['errors', 'callee'],
  build: () => ({
    modules: [worker, faulty],
    invariants: [...COMMON_INVARIANTS, faultsExplained('faulty', FAULT_CASES.filter((c) => c.fn === 'code'))],
    guest: programGuest('guest', function* (ffi, env) {
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const failing = [
        ['faulty::code', createFunction(ffi, env, FunctionSource.NamedModule, 'faulty', 'code')],
        ['worker::fail', createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'fail')],
      ] as const;
      const before = launch(ffi, env, echo, new Uint8Array([1]), 'echo before');
      for (const [target, fn] of failing) {
        for (const blocking of [false, true, false, true]) {
          const what = `${blocking ? 'blocking' : 'async'} ${target}`;
          // An async launch returns before the function runs: its failure can only come at retrieve.
          const atLaunch = blocking;
          yield* expectFailure(ffi, env, { fn, input: new Uint8Array([9]), code: InternalError, blocking, what, atLaunch });
        }
      }
      const after = launch(ffi, env, echo, new Uint8Array([2]), 'echo after');
      yield* awaitOutput(ffi, env, before, new Uint8Array([1]), 'echo before');
      yield* awaitOutput(ffi, env, after, new Uint8Array([2]), 'echo after');
    }),
  }),
});
