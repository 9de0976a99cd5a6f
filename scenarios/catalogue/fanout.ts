import { programGuest } from '../../sim/guest/program-driver.js';
import { FunctionSource } from '../../sim/host/codes.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { defineScenario } from '../scenario.js';
import { worker, workOutput } from '../modules/worker.js';
import { equalBytes } from '../util.js';

/** Fan-out: 8 async launches polled every frame; each output checked; completion order logged. */
export const fanout = defineScenario({
  name: 'fanout',
  description: '8 async launches of worker.work polled each frame; completions in any order, outputs checked',
  tags: ['fan-out', 'ordering'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'work');
      if (f.code !== 0) env.fail(`create_function returned ${f.code}`);
      const inputs = Array.from({ length: 8 }, (_, i) => new Uint8Array([env.rng.below(4), i, env.rng.below(256)]));
      const pending = new Map<bigint, Uint8Array>();
      for (const input of inputs) {
        const r = ffi.launch(f.handle, input);
        if (r.code !== 0) env.fail(`launch returned ${r.code}`);
        pending.set(r.request, input);
      }
      const order: number[] = [];
      while (pending.size > 0) {
        yield;
        for (const [request, input] of pending) {
          const s = ffi.isReady(request);
          if (s.code !== 0) env.fail(`is_ready returned ${s.code}`);
          if (!s.isReady) continue;
          const out = ffi.retrieve(request, s.size);
          if (out.code !== 0) env.fail(`retrieve returned ${out.code}`);
          if (!equalBytes(out.output, workOutput(input))) env.fail('worker.work returned the wrong bytes');
          order.push(input[1] as number);
          pending.delete(request);
        }
      }
      env.log(`completion order ${order.join(',')}`);
    }),
  }),
});
