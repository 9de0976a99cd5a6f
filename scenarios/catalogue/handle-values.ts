import { programGuest } from '../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import { checkDeadFunction, checkDeadRequest, checkFailed, checkOutput, expectCode } from '../checks.js';
import { blockingLaunch, createFunction, drain, must } from '../guest-helpers.js';
import { allRetrieved, COMMON_INVARIANTS } from '../invariants/index.js';
import { worker, workOutput } from '../modules/worker.js';
import { defineScenario } from '../scenario.js';

const { Success, NotFound } = ErrorCode;
const U64_LIMIT = 1n << 64n;

type Kind = 'function' | 'request';

/**
 * Handles are opaque (handles=random by default): every function and request handle the
 * guest gets is a nonzero u64, distinct from every other of its kind it got, and a
 * consumed or removed handle never comes back to life for calls of its kind, though the
 * host issues many more afterwards. The guest uses them only as keys. A function handle
 * and a request handle may share a value: ABI.md does not put the two kinds in one
 * number space (the reference host's choice, not the contract's).
 */
export const handleValues = defineScenario({
  name: 'handle-values',
  description: 'handles=random: every handle nonzero, u64, distinct in its kind; consumed ones never revived',
  tags: ['handles'],
  policies: { handles: 'random' },
  build: () => ({
    modules: [worker],
    invariants: [...COMMON_INVARIANTS, allRetrieved('guest')],
    guest: programGuest('guest', function* (ffi, env) {
      const seen: Record<Kind, Map<bigint, string>> = { function: new Map(), request: new Map() };
      const note = (h: bigint, what: string, kind: Kind): bigint => {
        if (h <= 0n || h >= U64_LIMIT) env.fail(`${what}: handle is not a nonzero u64`);
        const other = seen[kind].get(h);
        if (other !== undefined) env.fail(`${what}: same ${kind} handle as ${other}`);
        seen[kind].set(h, what);
        return h;
      };
      const dead: [bigint, string, Kind][] = [];
      for (let round = 0; round < 4; round++) {
        const fns = ['echo', 'work', 'missing'].map((name) => ({
          name,
          handle: note(createFunction(ffi, env, FunctionSource.NamedModule, 'worker', name), `round ${round} ${name}`, 'function'),
        }));
        const own = createFunction(ffi, env, FunctionSource.OwnModule, '', 'own');
        fns.push({ name: 'own', handle: note(own, `round ${round} own`, 'function') });
        const pending = new Map<bigint, { what: string; output: Uint8Array }>();
        for (let i = 0; i < 10; i++) {
          const { name, handle } = fns[i % fns.length] as { name: string; handle: bigint };
          const input = new Uint8Array([env.rng.below(8), i, round]);
          const what = `round ${round} ${name} #${i}`;
          const r = ffi.launch(handle, input);
          const missing = name === 'missing' || name === 'own';
          must(env, expectCode(`launch(${what})`, r.code, ...(missing ? [NotFound, Success] : [Success])));
          if (r.code !== Success) continue;
          note(r.request, what, 'request');
          // A deferred NotFound: no output, the error at retrieve.
          pending.set(r.request, { what, output: missing ? new Uint8Array(0) : name === 'work' ? workOutput(input) : input });
        }
        const echo = (fns[0] as { handle: bigint }).handle;
        const b = blockingLaunch(ffi, env, echo, new Uint8Array([round]), `round ${round} blocking`);
        note(b.request, `round ${round} blocking`, 'request');
        must(env, checkOutput(ffi, b.request, b.size, new Uint8Array([round]), `round ${round} blocking`));
        dead.push([b.request, `round ${round} blocking`, 'request']);
        yield* drain(ffi, env, pending, (p) => p.what, (request, size, p) => {
          if (p.output.length === 0) {
            must(env, checkFailed(ffi, request, size, NotFound, p.what));
          } else {
            must(env, checkOutput(ffi, request, size, p.output, p.what));
          }
          dead.push([request, p.what, 'request']);
        });
        for (const { name, handle } of fns) {
          must(env, expectCode(`remove_function(round ${round} ${name})`, ffi.removeFunction(handle), Success));
          dead.push([handle, `removed round ${round} ${name}`, 'function']);
        }
        // Nothing consumed or removed so far has been revived, for calls of its kind, by the
        // handles issued since (a dead function's value may be a live request's, and the reverse).
        for (const [h, what, kind] of dead) {
          must(env, kind === 'request' ? checkDeadRequest(ffi, h, what) : checkDeadFunction(ffi, h, what));
        }
      }
    }),
  }),
});
