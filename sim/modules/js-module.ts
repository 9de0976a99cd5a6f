/**
 * Modules written in TypeScript: a name and named functions. A function returns its
 * output directly or as a stream on the virtual scheduler (to take virtual time, or to
 * launch nested work through `env.ffi`). Throwing, or a failing stream, completes the
 * request with InternalError.
 */
import type { Observable } from 'rxjs';
import type { InvocationEnv, LaunchableModule, ModuleSpec } from './module.js';

export type JsFunction = (input: Uint8Array, env: InvocationEnv) => Uint8Array | Observable<Uint8Array>;

export function defineModule(name: string, functions: Readonly<Record<string, JsFunction>>): ModuleSpec {
  const table = new Map(Object.entries(functions));
  const module: LaunchableModule = {
    name,
    hasFunction: (fn) => table.has(fn),
    invoke: (fn, input, env) => {
      const f = table.get(fn);
      if (f === undefined) throw new Error(`module ${name} has no function ${fn}`);
      return f(input, env);
    },
  };
  // JS modules hold no per-run state, so one object serves every run.
  return { name, instantiate: () => module };
}
