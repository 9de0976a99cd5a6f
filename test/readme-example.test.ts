/**
 * The README's "Writing a scenario" example, verbatim, imported through the package's
 * own export names: if the README's code stops compiling or passing, this fails.
 */
import test from 'ava';
import { after, defineModule, programGuest, waitFor, FunctionSource, ErrorCode, runSimulation } from 'arksim';
import { defineScenario } from 'arksim/scenarios';
import { exploreScenario } from 'arksim/testing';

const doubler = defineModule('doubler', {
  // Return bytes, or an Observable on env.scheduler to take virtual time or launch nested work.
  double: (input) => input.map((b) => b * 2),
  // after(scheduler, us, produce) is timer(us, scheduler).pipe(map(produce)), cheaper.
  slowDouble: (input, env) => after(env.scheduler, 5000, () => input.map((b) => b * 2)),
});

export const doubling = defineScenario({
  name: 'doubling',
  description: 'one async launch, polled every frame until ready',
  build: () => ({
    modules: [doubler],
    guest: programGuest('guest', function* (ffi, env) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'doubler', 'double');
      const r = ffi.launch(f.handle, new Uint8Array([1, 2, 3]));
      // Under errors=eager NotFound comes from launch; under deferred, from retrieve.
      if (r.code !== ErrorCode.Success) env.fail(`launch returned ${r.code}`);
      yield waitFor(() => ffi.isReady(r.request).isReady, 'the result');
      const out = ffi.retrieve(r.request, ffi.isReady(r.request).size);
      if (out.output[2] !== 6) env.fail('wrong output');
    }),
  }),
});

test('doubling holds under every allowed host', (t) => {
  exploreScenario(t, doubling, { runs: 500, swarm: true });
});

test('the example passes a single run too', (t) => {
  t.deepEqual(runSimulation(doubling.build(), { seed: 1 }).outcome, { kind: 'pass' });
});
