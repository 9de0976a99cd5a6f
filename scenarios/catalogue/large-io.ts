import { programGuest } from '../../sim/guest/program-driver.js';
import { FunctionSource } from '../../sim/host/codes.js';
import { checkOutput } from '../checks.js';
import { awaitOutput, blockingLaunch, createFunction, launch, must } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { expandInput, expandOutput, worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const MIB = 1 << 20;

/**
 * Large buffers: a 1 MiB input echoed back, and worker.expand's ~1 MiB outputs from a
 * 5-byte input (sizes just around 1 MiB and 64 KiB, so a host that cuts at a power of
 * two shows). Sizes exact, every byte checked. Async and blocking.
 */
export const largeIo = defineScenario({
  name: 'large-io',
  description: '~1 MiB inputs and outputs, async and blocking: exact sizes, every byte intact',
  tags: ['sizes'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const expand = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'expand');
      const seed = env.rng.below(256);
      const big = expandOutput(MIB, seed ^ 0x5a);
      const sizes = [MIB + 1, (1 << 16) + 3, MIB - 5];

      const echoed = launch(ffi, env, echo, big, 'async echo 1 MiB');
      const expanded = launch(ffi, env, expand, expandInput(sizes[0] as number, seed), `async expand ${sizes[0]}`);
      const b = blockingLaunch(ffi, env, expand, expandInput(sizes[1] as number, seed), `blocking expand ${sizes[1]}`);
      must(env, checkOutput(ffi, b.request, b.size, expandOutput(sizes[1] as number, seed), `blocking expand ${sizes[1]}`));
      const c = blockingLaunch(ffi, env, echo, big.subarray(0, sizes[2]), `blocking echo ${sizes[2]}`);
      must(env, checkOutput(ffi, c.request, c.size, big.subarray(0, sizes[2]), `blocking echo ${sizes[2]}`));

      yield* awaitOutput(ffi, env, echoed, big, 'async echo 1 MiB');
      yield* awaitOutput(ffi, env, expanded, expandOutput(sizes[0] as number, seed), `async expand ${sizes[0]}`);
    }),
  }),
});
