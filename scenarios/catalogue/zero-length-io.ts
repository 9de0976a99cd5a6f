import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { blockingLaunch, createFunction, drainOutputs, launch, must, type Expected } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

/** `length`'s output for an input of `n` bytes. */
const lengthOutput = (n: number): Uint8Array => new Uint8Array([n & 0xff, (n >>> 8) & 0xff, 0, 0]);

/**
 * Empty inputs and empty outputs: a zero-length input reaches the function as such
 * (worker.length says 0), and an empty output (returned, or no value at all, at once or
 * later) is a success: ready with size 0, retrieve with a 0-byte buffer returns Success
 * and no bytes, never an error code. Async and blocking.
 */
export const zeroLengthIo = defineScenario({
  name: 'zero-length-io',
  description: 'empty inputs and empty outputs (returned, or no value at all): Success with size 0',
  tags: ['sizes', 'retrieve'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const empty = new Uint8Array(0);
      const some = new Uint8Array([1, 2, 3]);
      const cases: [string, Uint8Array, Uint8Array][] = [
        ['echo', empty, empty],
        ['drop', some, empty],
        ['silent', some, empty],
        ['silentLater', empty, empty],
        ['length', empty, lengthOutput(0)],
        ['length', some, lengthOutput(3)],
        ['work', empty, workOutput(empty)],
      ];
      const fns = new Map<string, bigint>();
      for (const [name] of cases) fns.set(name, createFunction(ffi, env, FunctionSource.NamedModule, 'worker', name));
      const pending = new Map<bigint, Expected>();
      for (const [name, input, output] of cases) {
        const what = `async ${name}(${input.length} bytes)`;
        pending.set(launch(ffi, env, fns.get(name) as bigint, input, what), { what, output });
      }
      // No input argument at all: the FFI's default, an empty input.
      const bare = ffi.launch(fns.get('length') as bigint);
      must(env, expectCode('launch(length) without an input', bare.code, ErrorCode.Success));
      pending.set(bare.request, { what: 'async length()', output: lengthOutput(0) });
      for (const [name, input, output] of cases) {
        const what = `blocking ${name}(${input.length} bytes)`;
        const b = blockingLaunch(ffi, env, fns.get(name) as bigint, input, what);
        must(env, checkOutput(ffi, b.request, b.size, output, what));
      }
      yield* drainOutputs(ffi, env, pending, env.rng);
    }),
  }),
});
