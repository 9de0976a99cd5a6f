import type { GuestFfi } from '../../sim/guest/ffi.js';
import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadRequest, checkOutput, expectCode, firstProblem, readyNow, type Problem } from '../checks.js';
import { createFunction, drain, must } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { chainOutput, worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';
import { concatBytes } from '../util.js';

const { Success, InternalError, NotFound, InvalidArguments } = ErrorCode;

/** What a launch may end in: its output (when it may succeed), or one of `errors`. */
interface Allowed {
  readonly what: string;
  readonly output: Uint8Array | undefined;
  readonly errors: readonly ErrorCode[];
}

/** A ready request: the output exactly, or size 0 and an allowed error that consumes it. */
function judge(ffi: GuestFfi, request: bigint, size: number, a: Allowed): Problem {
  if (a.output !== undefined && size === a.output.length) return checkOutput(ffi, request, size, a.output, a.what);
  if (size !== 0) return `is_ready(${a.what}): size ${size}, expected ${a.output?.length ?? 0} (output) or 0 (error)`;
  return firstProblem(
    () => expectCode(`retrieve(${a.what}, 1) of a size-0 result`, ffi.retrieve(request, 1).code, InvalidArguments),
    () => expectCode(`retrieve(${a.what})`, ffi.retrieve(request, 0).code, ...a.errors),
    () => checkDeadRequest(ffi, request, `${a.what} after its error was retrieved`),
  );
}

interface Target {
  readonly name: string;
  readonly input: (bytes: Uint8Array) => Uint8Array;
  /** Absent: the launch can only fail. */
  readonly output?: (bytes: Uint8Array) => Uint8Array;
  readonly errors: readonly ErrorCode[];
}

const TARGETS: readonly Target[] = [
  { name: 'echo', input: (b) => b, output: (b) => b, errors: [InternalError] },
  { name: 'work', input: (b) => b, output: workOutput, errors: [InternalError] },
  // A fault injected into one of its nested launches fails it as a whole.
  { name: 'chain', input: (b) => concatBytes(new Uint8Array([2]), b), output: (b) => chainOutput(2, b), errors: [InternalError] },
  { name: 'fail', input: (b) => b, errors: [InternalError] },
  // "A fraction of launches" may include launches of missing functions.
  { name: 'missing', input: (b) => b, errors: [NotFound, InternalError] },
];

/**
 * Injected faults (faults=0.3 by default): any launch may fail with InternalError, at
 * launch or at retrieve, and nested launches inside a function too (its request then
 * fails). The guest tolerates exactly that and checks everything else: outputs intact,
 * worker.fail always InternalError, a missing function NotFound (or an injected fault).
 */
export const faultInjection = defineScenario({
  name: 'fault-injection',
  description: 'faults=0.3: InternalError tolerated at launch or retrieve; every other answer checked',
  tags: ['faults', 'errors'],
  policies: { faults: 0.3 },
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const fns = new Map(TARGETS.map((t) => [t.name, createFunction(ffi, env, FunctionSource.NamedModule, 'worker', t.name)]));
      // 30 launches: each target 6 times, async and blocking (i % 5 and i % 3 meet every pair).
      const plan = Array.from({ length: 30 }, (_, i): [bigint, Uint8Array, Allowed] => {
        const t = TARGETS[i % TARGETS.length] as Target;
        const bytes = new Uint8Array([env.rng.below(20), env.rng.below(256), i]);
        const allowed = { what: `#${i} ${t.name}`, output: t.output?.(bytes), errors: t.errors };
        return [fns.get(t.name) as bigint, t.input(bytes), allowed];
      });
      const pending = new Map<bigint, Allowed>();
      let failedAtLaunch = 0;
      plan.forEach(([handle, input, allowed], i) => {
        const blocking = i % 3 === 2;
        const r = blocking ? ffi.blockingLaunch(handle, input) : ffi.launch(handle, input);
        const call = `${blocking ? 'blocking_launch' : 'launch'}(${allowed.what})`;
        must(env, expectCode(call, r.code, Success, ...allowed.errors));
        if (r.code !== Success) {
          failedAtLaunch++;
          return;
        }
        if (!blocking) {
          pending.set(r.request, allowed);
          return;
        }
        const s = readyNow(ffi, r.request, allowed.what);
        must(env, 'problem' in s ? s.problem : judge(ffi, r.request, s.size, allowed));
      });
      yield* drain(ffi, env, pending, (a) => a.what, (request, size, allowed) => {
        must(env, judge(ffi, request, size, allowed));
      }, env.rng);
      env.log(`${failedAtLaunch} of ${plan.length} launches failed at launch`);
    }),
  }),
});
