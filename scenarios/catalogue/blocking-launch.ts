import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkOutput, expectCode } from '../checks.js';
import { awaitOutput, blockingLaunch, createFunction, launch, must } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { createGate, GATE_POLL_US } from '../modules/gate.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { utf8 } from '../util.js';

const { Success } = ErrorCode;

/**
 * blocking_launch returns only when its function is done: ready at once with the right
 * size, the caller's clock advanced by at least the function's own run time. Other
 * requests complete meanwhile: gate.waitOpen cannot finish before an async gate.open
 * has run, so that request must be ready when the blocking launch returns, whatever the
 * latencies.
 */
export const blockingLaunchScenario = defineScenario({
  name: 'blocking-launch',
  description: 'blocking_launch: ready on return, clock advanced, other async requests complete meanwhile',
  tags: ['blocking', 'timing'],
  build: () => ({
    modules: [worker, createGate()],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const open = createFunction(ffi, env, FunctionSource.NamedModule, 'gate', 'open');
      const waitOpen = createFunction(ffi, env, FunctionSource.NamedModule, 'gate', 'waitOpen');
      for (let round = 0; round < 2; round++) {
        const slow = new Uint8Array([60, round]);
        const background = launch(ffi, env, work, slow, 'background work');
        const opened = launch(ffi, env, open, new Uint8Array([round]), 'gate.open');
        if (round === 1) yield;

        const t0 = env.now();
        const token = new Uint8Array([round, env.rng.below(256)]);
        const w = blockingLaunch(ffi, env, waitOpen, token, 'blocking gate.waitOpen');
        if (env.now() < t0 + GATE_POLL_US) {
          env.fail(`blocking gate.waitOpen returned after ${env.now() - t0} us, less than its own ${GATE_POLL_US} us`);
        }
        const s = ffi.isReady(opened);
        must(env, expectCode('is_ready(gate.open) after the blocking launch', s.code, Success));
        if (!s.isReady) env.fail('gate.open not ready after a blocking launch that could only finish once it had run');
        must(env, checkOutput(ffi, opened, s.size, utf8('opened'), 'gate.open'));
        must(env, checkOutput(ffi, w.request, w.size, token, 'blocking gate.waitOpen'));

        // Back to back in one frame: each takes at least its own run time.
        for (const ms of [3, 0, 7]) {
          const input = new Uint8Array([ms, round]);
          const t1 = env.now();
          const b = blockingLaunch(ffi, env, work, input, `blocking work ${ms} ms`);
          if (env.now() < t1 + ms * 1000) env.fail(`blocking work ${ms} ms returned after ${env.now() - t1} us`);
          must(env, checkOutput(ffi, b.request, b.size, workOutput(input), `blocking work ${ms} ms`));
        }
        yield* awaitOutput(ffi, env, background, workOutput(slow), 'background work');
      }
    }),
  }),
});
