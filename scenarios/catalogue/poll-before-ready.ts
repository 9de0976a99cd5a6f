import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { createFunction, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, Unavailable } = ErrorCode;

interface Job {
  readonly what: string;
  readonly request: bigint;
  /** worker.work runs this long after its latency: the earliest it can be ready. */
  readonly readyNotBefore: number;
  readonly expected: Uint8Array;
  /** Frames to leave it unretrieved once ready (results keep). */
  late: number;
  notReadySeen: number;
}

/**
 * worker.work takes input[0] ms of virtual time, so until launch time + that, is_ready
 * must say no and retrieve must say Unavailable (with the right buffer length or not);
 * after, the output. The first poll comes right after the launch, so every job is seen
 * not ready at least once, whatever the latency.
 */
export const pollBeforeReady = defineScenario({
  name: 'poll-before-ready',
  description: 'is_ready false and retrieve Unavailable until the work can be done; then the output',
  tags: ['polling', 'timing'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const jobs: Job[] = [1, 4, 20, 45, 110].map((ms, i) => {
        const input = new Uint8Array([ms, i, env.rng.below(256)]);
        const what = `work ${ms} ms`;
        return {
          what,
          request: launch(ffi, env, work, input, what),
          readyNotBefore: env.now() + ms * 1000,
          expected: workOutput(input),
          late: i === 1 ? 3 : 0,
          notReadySeen: 0,
        };
      });
      const pending = new Set(jobs);
      for (;;) {
        for (const job of pending) {
          const { what, request, expected } = job;
          const s = ffi.isReady(request);
          must(env, expectCode(`is_ready(${what})`, s.code, Success));
          if (!s.isReady) {
            job.notReadySeen++;
            must(env, expectCode(`retrieve(${what}) before ready`, ffi.retrieve(request, expected.length).code, Unavailable));
            must(env, expectCode(`retrieve(${what}, 0) before ready`, ffi.retrieve(request, 0).code, Unavailable));
            continue;
          }
          if (env.now() < job.readyNotBefore) {
            env.fail(`is_ready(${what}): ready ${job.readyNotBefore - env.now()} us before its work could have finished`);
          }
          if (job.late-- > 0) continue;
          must(env, checkOutput(ffi, request, s.size, expected, what));
          pending.delete(job);
        }
        if (pending.size === 0) break;
        yield;
      }
      for (const job of jobs) {
        if (job.notReadySeen === 0) env.fail(`${job.what}: never seen not ready, not even right after launch`);
      }
    }),
  }),
});
