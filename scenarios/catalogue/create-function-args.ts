import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { blockingLaunch, createFunction, expectFailure, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { InvalidArguments, NotFound } = ErrorCode;

/**
 * create_function checks its arguments only: an fn_type outside the enum is
 * InvalidArguments; missing modules and functions, empty and non-ASCII names are
 * accepted (existence is a launch-time question, answered NotFound). OwnModule ignores
 * the module name it is given: from the guest, OwnModule "worker::echo" is the guest's
 * own (missing) echo, not worker's.
 */
export const createFunctionArgs = defineScenario({
  name: 'create-function-args',
  description: 'fn_type outside the enum is InvalidArguments; existence is only checked at launch',
  tags: ['create-function', 'not-found'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      for (const fnType of [2, 3, 6, 255, 0x8000_0000, 0xffff_ffff]) {
        const r = ffi.createFunction(fnType, 'worker', 'echo');
        must(env, expectCode(`create_function(fn_type ${fnType})`, r.code, InvalidArguments));
      }
      const accepted: [number, string, string][] = [
        [FunctionSource.NamedModule, 'nowhere', 'echo'],
        [FunctionSource.NamedModule, 'worker', 'nothing-here'],
        [FunctionSource.NamedModule, '', ''],
        [FunctionSource.NamedModule, 'wörker', 'échø ✓'],
        [FunctionSource.OwnModule, 'worker', 'echo'],
        [FunctionSource.OwnModule, '', ''],
      ];
      for (const [source, module, name] of accepted) {
        const fn = createFunction(ffi, env, source, module, name);
        const what = `${source === FunctionSource.OwnModule ? `OwnModule(${module})` : module}::${name}`;
        yield* expectFailure(ffi, env, { fn, code: NotFound, blocking: false, what: `async ${what}` });
        yield* expectFailure(ffi, env, { fn, code: NotFound, blocking: true, what: `blocking ${what}` });
      }
      // The valid ones still work after all that.
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const b = blockingLaunch(ffi, env, echo, new Uint8Array([1]), 'worker::echo');
      must(env, checkOutput(ffi, b.request, b.size, new Uint8Array([1]), 'worker::echo'));
    }),
  }),
});
