import { programGuest } from '../../sim/guest/program-driver.js';
import { waitFor } from '../../sim/guest/program.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { createFunction, launch, must, shuffle } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

interface Job {
  readonly index: number;
  readonly input: Uint8Array;
}

/**
 * 64 launches of varied duration in two waves, polled in a fresh random order every
 * frame, some results left waiting a few frames before retrieval: every output arrives
 * intact, matched to its own request, whatever order the host completes them in.
 */
export const fanoutWide = defineScenario({
  name: 'fanout-wide',
  description: '64 launches in two waves, polled and retrieved out of order; every output matched',
  tags: ['fan-out', 'ordering'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const pending = new Map<bigint, Job>();
      const held = new Map<bigint, { job: Job; size: number; frames: number }>();
      const order: number[] = [];
      const wave = (from: number): void => {
        for (let index = from; index < from + 32; index++) {
          const input = new Uint8Array([env.rng.below(40), index, env.rng.below(256)]);
          pending.set(launch(ffi, env, index % 4 === 3 ? echo : work, input, `job ${index}`), { index, input });
        }
      };
      const expected = (job: Job): Uint8Array => (job.index % 4 === 3 ? job.input : workOutput(job.input));
      const release = (all: boolean): void => {
        for (const [request, h] of held) {
          if (!all && h.frames-- > 0) continue;
          must(env, checkOutput(ffi, request, h.size, expected(h.job), `job ${h.job.index}`));
          held.delete(request);
        }
      };
      wave(0);
      let waved = false;
      while (pending.size > 0 || held.size > 0) {
        // With results held back, the next frame has work; otherwise wait for a completion.
        yield held.size > 0 ? undefined : waitFor(() => [...pending.keys()].some((r) => ffi.isReady(r).isReady), 'a completion');
        for (const [request, job] of shuffle([...pending], env.rng)) {
          const s = ffi.isReady(request);
          must(env, expectCode(`is_ready(job ${job.index})`, s.code, ErrorCode.Success));
          if (!s.isReady) continue;
          pending.delete(request);
          order.push(job.index);
          held.set(request, { job, size: s.size, frames: env.rng.below(3) });
        }
        release(pending.size === 0 && waved);
        if (!waved && pending.size < 24) {
          wave(32);
          waved = true;
        }
      }
      env.log(`completion order ${order.join(',')}`);
    }),
  }),
});
