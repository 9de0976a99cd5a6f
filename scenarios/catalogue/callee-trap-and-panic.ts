import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkFailed, expectCode } from '../checks.js';
import { createFunction, drain, expectFailure, launch, must } from '../guest-helpers.js';
import { COMMON_INVARIANTS, faultsExplained } from '../invariants/index.js';
import { FAULT_CASES, faulty, type FaultCase } from '../modules/faulty.js';
import { defineScenario } from '../scenario.js';

const { Success, InternalError } = ErrorCode;

interface Launched {
  readonly c: FaultCase;
  readonly notBefore: number;
}

/**
 * Every way a JS function fails (Error, TypeError, a thrown string or undefined, trap and
 * panic faults, a stream erroring at once, after virtual time, after emitting a value,
 * inside an operator): all launched at once, each InternalError at retrieve with size 0,
 * never before its failure time. Then each blocking: InternalError at launch or retrieve,
 * having taken its failure time. The trace must explain each (faults-explained).
 */
export const calleeTrapAndPanic = defineScenario({
  name: 'callee-trap-and-panic',
  description: 'functions that throw any value, trap, panic, or whose stream errors later: InternalError',
  tags: ['errors', 'callee'],
  build: () => ({
    modules: [faulty],
    invariants: [...COMMON_INVARIANTS, faultsExplained('faulty', FAULT_CASES)],
    guest: programGuest('guest', function* (ffi, env) {
      const fns = new Map(FAULT_CASES.map((c) => [c.fn, createFunction(ffi, env, FunctionSource.NamedModule, 'faulty', c.fn)]));
      const handle = (c: FaultCase): bigint => fns.get(c.fn) as bigint;
      const pending = new Map<bigint, Launched>();
      for (const c of FAULT_CASES) {
        const request = launch(ffi, env, handle(c), new Uint8Array([1, 2, 3]), `async faulty::${c.fn}`);
        pending.set(request, { c, notBefore: env.now() + c.afterUs });
        if (c.afterUs > 0) {
          const s = ffi.isReady(request);
          must(env, expectCode(`is_ready(async faulty::${c.fn})`, s.code, Success));
          if (s.isReady) env.fail(`faulty::${c.fn} ready right after launch, though it runs ${c.afterUs} us before failing`);
        }
      }
      yield* drain(
        ffi,
        env,
        pending,
        ({ c }) => `async faulty::${c.fn}`,
        (request, size, { c, notBefore }) => {
          if (env.now() < notBefore) env.fail(`faulty::${c.fn} ready ${notBefore - env.now()} us before it could have failed`);
          must(env, checkFailed(ffi, request, size, InternalError, `async faulty::${c.fn}`));
        },
        env.rng,
      );
      for (const c of FAULT_CASES) {
        const at = env.now();
        const what = `blocking faulty::${c.fn}`;
        yield* expectFailure(ffi, env, { fn: handle(c), input: new Uint8Array([4]), code: InternalError, blocking: true, what });
        if (env.now() < at + c.afterUs) env.fail(`${what} returned ${at + c.afterUs - env.now()} us before the function failed`);
      }
    }),
  }),
});
