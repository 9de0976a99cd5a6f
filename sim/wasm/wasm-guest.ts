/**
 * A Wasm applet as the run's guest: `ark_initialize` once if exported, then
 * `ark_applet_update()` once per frame, each call under the fuel budget. An applet that
 * also exports the entrypoints (`memory`, `ark_alloc`, `ark_free`) is a launchable
 * module too, under its own name: OwnModule from the applet resolves to it. A panic is
 * the run's `panic` failure with the guest's message and location; a trap without a
 * panic report is `trap`; running out of fuel is `budget-exhausted`.
 */
import { SimAbort } from '../abort.js';
import type { FrameState, GuestDriver, GuestInstantiationEnv, GuestSpec } from '../guest/driver.js';
import type { LaunchableModule } from '../modules/module.js';
import { ArkInstance, callFailure } from './ark-instance.js';
import type { GuestMemory } from './guest-memory.js';
import type { LoadedWasm } from './load.js';
import type { FunctionSignature } from './module-info.js';
import { appletRunFunctions, requireExport, WasmLaunchable } from './wasm-module.js';

export interface WasmGuestOptions {
  /**
   * An export `() -> i32` that turns nonzero when the applet has done its work: the
   * guest is then finite, finished once it says so, and a run that ends first fails.
   * Without it the applet runs for the whole frame budget (the CLI's behaviour).
   */
  readonly doneExport?: string;
}

const UPDATE = 'ark_applet_update';
const NO_ARGS: FunctionSignature = { params: [], results: [] };
const FLAG: FunctionSignature = { params: [], results: ['i32'] };
const RUNNING: FrameState = { kind: 'running' };
const FINISHED: FrameState = { kind: 'finished' };

/** The applet guest `name`; throws WasmLoadError if it exports no `ark_applet_update()`. */
export function wasmGuest(loaded: LoadedWasm, name: string, options: WasmGuestOptions = {}): GuestSpec {
  const role = 'an applet guest';
  requireExport(loaded, UPDATE, NO_ARGS, role);
  requireExport(loaded, 'ark_initialize', NO_ARGS, role, true);
  const done = options.doneExport;
  if (done !== undefined) requireExport(loaded, done, FLAG, role);
  const functions = appletRunFunctions(loaded);
  return {
    name,
    sha256: loaded.sha256,
    finite: done !== undefined,
    instantiate: (env) => new WasmAppletDriver(name, loaded, env, done, functions),
  };
}

export class WasmAppletDriver implements GuestDriver {
  readonly finite: boolean;
  readonly launchable: LaunchableModule | undefined;
  private readonly instance: ArkInstance;

  constructor(
    readonly module: string,
    loaded: LoadedWasm,
    env: GuestInstantiationEnv,
    private readonly doneExport: string | undefined,
    /** Its launchable functions, when it exports the entrypoints (`appletRunFunctions`). */
    functions?: ReadonlySet<string>,
  ) {
    this.finite = doneExport !== undefined;
    const created = ArkInstance.create(loaded, { ffi: env.ffi, sink: env.sink, now: () => env.now(), fuel: env.fuel, stack: env.wasmStack });
    if ('failure' in created) throw new SimAbort(callFailure(module, `instantiating ${module}`, created.failure));
    this.instance = created.instance;
    this.launchable = functions === undefined ? undefined : new WasmLaunchable(module, this.instance, functions, false);
  }

  initialize(): void {
    if (this.instance.has('ark_initialize')) this.callOrAbort('ark_initialize');
  }

  frame(): FrameState {
    this.callOrAbort(UPDATE);
    if (this.doneExport !== undefined && this.callOrAbort(this.doneExport) !== 0) return FINISHED;
    return RUNNING;
  }

  /** The applet's linear memory (tests read what it stored there). */
  get memory(): GuestMemory {
    return this.instance.memory;
  }

  /** Calls an export of the applet (a test reads `done()` this way); a failure ends the run. */
  callOrAbort(name: string): unknown {
    const r = this.instance.call(name);
    if (r.kind !== 'returned') throw new SimAbort(callFailure(this.module, `${this.module}.${name}`, r));
    return r.value;
  }
}
