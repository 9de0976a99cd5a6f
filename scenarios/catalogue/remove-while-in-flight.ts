import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkFailed, checkOutput, expectCode } from '../checks.js';
import { blockingLaunch, createFunction, drain, launch, must } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, NotFound } = ErrorCode;

type Expect = { readonly what: string } & ({ readonly output: Uint8Array } | { readonly code: ErrorCode });

/**
 * remove_function while requests launched from the handle are in flight: they all
 * complete normally (a deferred NotFound too); the removed handle is InvalidArguments
 * for launch, blocking_launch and a second remove; another handle to the same function,
 * and one created afterwards, keep working.
 */
export const removeWhileInFlight = defineScenario({
  name: 'remove-while-in-flight',
  description: 'remove a function handle with requests in flight: they complete; the handle is dead',
  tags: ['remove', 'lifecycle'],
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const twin = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const missing = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'missing');
      const pending = new Map<bigint, Expect>();
      for (let i = 0; i < 6; i++) {
        const input = new Uint8Array([env.rng.below(30), i]);
        pending.set(launch(ffi, env, work, input, `work #${i}`), { what: `work #${i}`, output: workOutput(input) });
      }
      // Launched from a handle to a missing function: eager NotFound now, or a request in flight.
      const nf = ffi.launch(missing, new Uint8Array([1]));
      must(env, expectCode('launch(worker::missing)', nf.code, NotFound, Success));
      if (nf.code === Success) pending.set(nf.request, { what: 'worker::missing', code: NotFound });
      yield;

      must(env, expectCode('remove_function(work) with requests in flight', ffi.removeFunction(work), Success));
      must(env, expectCode('remove_function(worker::missing) with a request in flight', ffi.removeFunction(missing), Success));
      must(env, checkDeadFunction(ffi, work, 'removed work'));
      must(env, checkDeadFunction(ffi, missing, 'removed worker::missing'));

      // The other handle to worker::work is untouched; so is a new one.
      const fresh = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      if (fresh === work) env.fail('create_function after remove_function handed out the removed handle again');
      for (const [fn, what] of [[twin, 'twin'], [fresh, 'fresh']] as const) {
        const input = new Uint8Array([1, 0xee]);
        pending.set(launch(ffi, env, fn, input, `${what} work`), { what: `${what} work`, output: workOutput(input) });
        const b = blockingLaunch(ffi, env, fn, input, `${what} blocking work`);
        must(env, checkOutput(ffi, b.request, b.size, workOutput(input), `${what} blocking work`));
      }
      must(env, expectCode('remove_function(twin)', ffi.removeFunction(twin), Success));
      yield* drain(ffi, env, pending, (e) => e.what, (request, size, e) => {
        const { what } = e;
        must(env, 'output' in e ? checkOutput(ffi, request, size, e.output, what) : checkFailed(ffi, request, size, e.code, what));
      });
    }),
  }),
});
