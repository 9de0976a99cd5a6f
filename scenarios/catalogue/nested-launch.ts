import { programGuest } from '../../sim/guest/program-driver.js';
import { FunctionSource } from '../../sim/host/codes.js';
import { checkOutput } from '../checks.js';
import { blockingLaunch, createFunction, drainOutputs, launch, must, type Expected } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { chainOutput, worker } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { concatBytes, utf8 } from '../util.js';

/**
 * Launched functions launch nested work in their own module (OwnModule, resolved to the
 * module that calls create_function, whatever module name it passes): worker.nested
 * blocks on worker.echo; worker.chain nests up to 5 deep, alternating blocking launches
 * with async ones its stream waits on (polling on the virtual scheduler), and removes
 * each function handle while the inner request is in flight. Outer requests launched
 * async and blocking, several at once; every nested request is retrieved by its launcher.
 */
export const nestedLaunch = defineScenario({
  name: 'nested-launch',
  description: 'functions launching in their own module (OwnModule), blocking and async, up to 5 deep',
  tags: ['nested', 'own-module'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest', 'worker')],
    guest: programGuest('guest', function* (ffi, env) {
      const nested = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'nested');
      const chain = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'chain');
      const payload = (): Uint8Array => Uint8Array.from({ length: 1 + env.rng.below(6) }, () => env.rng.below(256));
      const pending = new Map<bigint, Expected>();
      for (let depth = 0; depth <= 5; depth++) {
        const p = payload();
        const what = `async chain depth ${depth}`;
        pending.set(launch(ffi, env, chain, concatBytes(new Uint8Array([depth]), p), what), { what, output: chainOutput(depth, p) });
      }
      const np = payload();
      const nestedOutput = concatBytes(utf8('nested:'), np);
      pending.set(launch(ffi, env, nested, np, 'async nested'), { what: 'async nested', output: nestedOutput });
      yield;
      for (const depth of [1, 2, 4]) {
        const p = payload();
        const what = `blocking chain depth ${depth}`;
        const b = blockingLaunch(ffi, env, chain, concatBytes(new Uint8Array([depth]), p), what);
        must(env, checkOutput(ffi, b.request, b.size, chainOutput(depth, p), what));
      }
      const b = blockingLaunch(ffi, env, nested, np, 'blocking nested');
      must(env, checkOutput(ffi, b.request, b.size, nestedOutput, 'blocking nested'));
      yield* drainOutputs(ffi, env, pending);
    }),
  }),
});
