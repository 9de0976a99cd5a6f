import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import type { GuestFfi } from '../../sim/guest/ffi.js';
import type { GuestEnv } from '../../sim/guest/program.js';
import { checkOutput, expectCode } from '../checks.js';
import { awaitReady, blockingLaunch, createFunction, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, InvalidArguments } = ErrorCode;
const U32_MAX = 0xffff_ffff;

/** Every wrong length is refused and leaves the result as it was; then the right one works. */
function wrongSizes(ffi: GuestFfi, env: GuestEnv, request: bigint, size: number, expected: Uint8Array, what: string): void {
  if (size !== expected.length) env.fail(`is_ready(${what}): size ${size}, expected ${expected.length}`);
  const wrong = [size + 1, size + 4096, U32_MAX, ...(size > 0 ? [size - 1, 0, 1] : [1, 8])].filter((n) => n !== size);
  for (const len of wrong) {
    const r = ffi.retrieve(request, len);
    must(env, expectCode(`retrieve(${what}) with a ${len}-byte buffer for ${size} bytes`, r.code, InvalidArguments));
    const s = ffi.isReady(request);
    must(env, expectCode(`is_ready(${what}) after a wrong-sized retrieve`, s.code, Success));
    if (!s.isReady || s.size !== size) {
      env.fail(`is_ready(${what}) after a wrong-sized retrieve: ready ${s.isReady}, size ${s.size}`);
    }
  }
  must(env, checkOutput(ffi, request, size, expected, what));
}

/** Too small, too large, zero, u32 max: InvalidArguments, and the result stays retrievable. */
export const retrieveWrongSize = defineScenario({
  name: 'retrieve-wrong-size',
  description: 'retrieve with too small, too large or zero buffers is InvalidArguments; result still retrievable',
  tags: ['retrieve', 'sizes'],
  build: () => ({
    modules: [worker],
    invariants: COMMON_INVARIANTS,
    guest: programGuest('guest', function* (ffi, env) {
      const echo = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'echo');
      const work = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'work');
      const drop = createFunction(ffi, env, FunctionSource.NamedModule, 'worker', 'drop');
      const input = Uint8Array.from({ length: 1 + env.rng.below(40) }, () => env.rng.below(256));

      const a = launch(ffi, env, echo, input, 'async echo');
      const z = launch(ffi, env, drop, input, 'async drop (size 0)');
      const b = blockingLaunch(ffi, env, work, new Uint8Array([2, ...input]), 'blocking work');
      wrongSizes(ffi, env, b.request, b.size, workOutput(new Uint8Array([2, ...input])), 'blocking work');
      const c = blockingLaunch(ffi, env, drop, input, 'blocking drop (size 0)');
      wrongSizes(ffi, env, c.request, c.size, new Uint8Array(0), 'blocking drop (size 0)');
      wrongSizes(ffi, env, a, yield* awaitReady(ffi, env, a, 'async echo'), input, 'async echo');
      wrongSizes(ffi, env, z, yield* awaitReady(ffi, env, z, 'async drop (size 0)'), new Uint8Array(0), 'async drop (size 0)');
    }),
  }),
});
