/**
 * A Wasm module whose functions are launched (ark-api-ffi `entrypoints`): every
 * export of shape `(i32, i32) -> i32` is a ModuleRunFn. Each run gets a fresh
 * instance; `ark_initialize` runs once, after every module of the run is instantiated.
 *
 * An invocation: `ark_alloc(len, 1)`, the input written there, `fn(ptr, len)`,
 * `ark_free(ptr, len, 1)`, then the output is the last `core__return_slice` of that
 * invocation. A nonzero code, a trap, a panic or running out of fuel is a ModuleFault.
 */
import { SimAbort } from '../abort.js';
import { codeName } from '../host/codes.js';
import { ModuleFault, type LaunchableModule, type ModuleSpec } from '../modules/module.js';
import { ArkInstance, callFailure, type CallFailure } from './ark-instance.js';
import { WasmLoadError } from './load-error.js';
import type { LoadedWasm } from './load.js';
import { formatSignature, sameSignature, type FunctionSignature } from './module-info.js';

const RESERVED = new Set(['ark_alloc', 'ark_free', 'ark_initialize', 'ark_applet_update']);
const RUN_FN: FunctionSignature = { params: ['i32', 'i32'], results: ['i32'] };
const ALLOC: FunctionSignature = { params: ['i32', 'i32'], results: ['i32'] };
const FREE: FunctionSignature = { params: ['i32', 'i32', 'i32'], results: [] };
const INIT: FunctionSignature = { params: [], results: [] };
const EMPTY = new Uint8Array(0);

/** Throws WasmLoadError unless `loaded` exports `name` as a function of `signature` (or, if optional, not at all). */
export function requireExport(loaded: LoadedWasm, name: string, signature: FunctionSignature, role: string, optional = false): void {
  const e = loaded.info.exports.find((x) => x.name === name);
  if (e === undefined && optional) return;
  const want = formatSignature(signature);
  if (e === undefined) {
    throw new WasmLoadError(`${loaded.file}: exports no ${name}, which ${role} needs (a function ${want})`, { file: loaded.file });
  }
  if (e.kind !== 'function' || e.signature === undefined || !sameSignature(e.signature, signature)) {
    const actual = e.signature === undefined ? `a ${e.kind}` : `a function ${formatSignature(e.signature)}`;
    throw new WasmLoadError(`${loaded.file}: export ${name} is ${actual}, expected a function ${want}`, {
      file: loaded.file,
      expected: want,
      actual,
    });
  }
}

/** Its launchable functions: every export `(i32, i32) -> i32` but the reserved names. */
function runFunctions(loaded: LoadedWasm): ReadonlySet<string> {
  return new Set(
    loaded.info.exports
      .filter((e) => e.kind === 'function' && !RESERVED.has(e.name) && e.signature !== undefined && sameSignature(e.signature, RUN_FN))
      .map((e) => e.name),
  );
}

/** Throws WasmLoadError unless `loaded` exports the entrypoints a launched module needs (`memory`, `ark_alloc`, `ark_free`). */
function requireEntrypoints(loaded: LoadedWasm, role: string): void {
  if (!loaded.info.exports.some((e) => e.name === 'memory' && e.kind === 'memory')) {
    throw new WasmLoadError(`${loaded.file}: exports no memory, which ${role} needs`, { file: loaded.file });
  }
  requireExport(loaded, 'ark_alloc', ALLOC, role);
  requireExport(loaded, 'ark_free', FREE, role);
}

/**
 * The functions of an applet that others (and OwnModule) can launch: its `(i32, i32) ->
 * i32` exports, when it also exports the entrypoints; undefined when it does not (an
 * applet need not be launchable, and then launching it is NotFound).
 */
export function appletRunFunctions(loaded: LoadedWasm): ReadonlySet<string> | undefined {
  try {
    requireEntrypoints(loaded, 'a launched module');
  } catch (e) {
    if (e instanceof WasmLoadError) return undefined;
    throw e;
  }
  return runFunctions(loaded);
}

/** The launchable module `name` from a loaded file; throws WasmLoadError if it lacks the entrypoints. */
export function wasmModule(loaded: LoadedWasm, name: string): ModuleSpec {
  const role = 'a launched module';
  requireEntrypoints(loaded, role);
  requireExport(loaded, 'ark_initialize', INIT, role, true);
  const functions = runFunctions(loaded);
  return {
    name,
    sha256: loaded.sha256,
    instantiate: (env) => {
      const created = ArkInstance.create(loaded, { ffi: env.ffiFor(name), sink: env.sink, now: () => env.now(), fuel: env.fuel, stack: env.wasmStack });
      if ('failure' in created) throw new SimAbort(callFailure(name, `instantiating ${name}`, created.failure));
      return new WasmLaunchable(name, created.instance, functions, true);
    },
  };
}

/** The functions of one instance as a launchable module: a `--module`, or an applet that exports the entrypoints. */
export class WasmLaunchable implements LaunchableModule {
  constructor(
    readonly name: string,
    private readonly instance: ArkInstance,
    private readonly functions: ReadonlySet<string>,
    /** False for an applet: its driver calls `ark_initialize`. */
    private readonly initializes: boolean,
  ) {}

  initialize(): void {
    if (!this.initializes || !this.instance.has('ark_initialize')) return;
    // A module whose initialisation fails is broken: the run cannot go on meaningfully.
    const r = this.instance.call('ark_initialize');
    if (r.kind !== 'returned') throw new SimAbort(callFailure(this.name, `${this.name}.ark_initialize`, r));
  }

  hasFunction(fn: string): boolean {
    return this.functions.has(fn);
  }

  /** Runs at once; a ModuleFault completes the request with InternalError, a SimAbort ends the run. */
  invoke(fn: string, input: Uint8Array): Uint8Array {
    return this.run(fn, input);
  }

  private run(fn: string, input: Uint8Array): Uint8Array {
    if (!this.functions.has(fn)) throw new ModuleFault('error', `module ${this.name} has no function ${fn}`);
    const len = input.length;
    const alloc = this.instance.call('ark_alloc', [len, 1]);
    if (alloc.kind !== 'returned') throw fault(alloc, 'ark_alloc: ');
    const ptr = Number(alloc.value) >>> 0;
    if (!this.instance.memory.contains(ptr, len)) {
      throw new ModuleFault('error', `ark_alloc(${len}, 1) returned 0x${ptr.toString(16)}, outside memory`);
    }
    this.instance.memory.write(ptr, input);
    const r = this.instance.call(fn, [ptr, len]);
    // After a trap the instance may be inconsistent; the input buffer is left allocated.
    if (r.kind !== 'returned') throw fault(r, '');
    const free = this.instance.call('ark_free', [ptr, len, 1]);
    if (free.kind !== 'returned') throw fault(free, 'ark_free: ');
    const code = Number(r.value) >>> 0;
    if (code !== 0) throw new ModuleFault('code', `${fn} returned ${codeName(code)}`);
    return r.output ?? EMPTY;
  }
}

function fault(r: CallFailure, prefix: string): ModuleFault {
  switch (r.kind) {
    case 'trap':
      return new ModuleFault('trap', `${prefix}${r.message}`);
    case 'panic':
      return new ModuleFault('panic', `${prefix}${r.panic.message} at ${r.panic.file}:${r.panic.line}:${r.panic.column}`);
    case 'fuel':
      return new ModuleFault('trap', `${prefix}fuel budget of ${r.fuel} exhausted`);
  }
}
