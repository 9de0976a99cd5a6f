import { programGuest } from '../../sim/guest/program-driver.js';
import { FunctionSource } from '../../sim/host/codes.js';
import { checkOutput } from '../checks.js';
import { blockingLaunch, createFunction, drainOutputs, launch, must, type Expected } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

/**
 * One function handle launched 24 times while earlier launches of it are still in
 * flight (some with identical inputs), with blocking launches of the same handle in
 * between: each request runs on its own input and gets its own output; launching again
 * never cancels, merges or reorders the results of earlier ones.
 */
export const sameFunctionConcurrent = defineScenario({
  name: 'same-function-concurrent',
  description: 'one function handle launched 24 times concurrently, with blocking launches between',
  tags: ['fan-out', 'concurrency'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const pending = new Map<bigint, Expected>();
      for (let i = 0; i < 24; i++) {
        // Every fourth input repeats the one before: equal inputs, separate requests.
        const input = i % 4 === 3 ? new Uint8Array([10, i - 1, 0xaa]) : new Uint8Array([env.rng.below(30), i, 0xaa]);
        const what = `work #${i}`;
        pending.set(launch(ffi, env, work, input, what), { what, output: workOutput(input) });
        if (i % 8 === 7) {
          const b = new Uint8Array([2, i, 0xbb]);
          const r = blockingLaunch(ffi, env, work, b, `blocking work after #${i}`);
          must(env, checkOutput(ffi, r.request, r.size, workOutput(b), `blocking work after #${i}`));
        }
        if (i % 6 === 5) yield;
      }
      yield* drainOutputs(ffi, env, pending, env.rng);
    }),
  }),
});
