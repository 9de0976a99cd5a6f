/**
 * A simulation from Wasm files: one applet guest and the modules it launches, by
 * name. Files are read by the caller (the CLI, a scenario); this only gets bytes.
 */
import type { Budgets } from '../budget.js';
import type { RunTarget } from '../explore/target.js';
import { DEFAULT_POLICIES, type Policies } from '../host/policies.js';
import type { Simulation } from '../run/simulation.js';
import { WasmLoadError } from './load-error.js';
import { loadWasm } from './load.js';
import { wasmGuest, type WasmGuestOptions } from './wasm-guest.js';
import { wasmModule } from './wasm-module.js';

export interface WasmGuestSource {
  /** The guest's module name; defaults to the file's basename without `.wasm`. */
  readonly name?: string;
  /** The path as the user gave it, for messages and `name`'s default. */
  readonly file?: string;
  readonly bytes: Uint8Array;
}

export interface WasmModuleSource {
  /** The name `create_function` uses (NamedModule). */
  readonly name: string;
  readonly file?: string;
  readonly bytes: Uint8Array;
}

export interface WasmSimulationSpec extends WasmGuestOptions {
  readonly guest: WasmGuestSource;
  readonly modules: readonly WasmModuleSource[];
}

/** `dir/edge_guest.wasm` → `edge_guest`. */
export function moduleNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.wasm$/i, '');
}

function guestName(g: WasmGuestSource): string {
  return g.name ?? (g.file === undefined ? 'guest' : moduleNameFromPath(g.file));
}

/**
 * Loads, checks and compiles every file once; the Simulation instantiates them
 * afresh for each run, so one Simulation serves any number of runs.
 * Throws WasmLoadError (naming the file) for anything that cannot run.
 */
export function wasmSimulation(spec: WasmSimulationSpec): Simulation {
  const name = guestName(spec.guest);
  const seen = new Set<string>([name]);
  for (const m of spec.modules) {
    if (seen.has(m.name)) {
      throw new WasmLoadError(`module name "${m.name}" is used twice (the guest and every module need their own)`, {
        file: m.file ?? m.name,
      });
    }
    seen.add(m.name);
  }
  const guestFile = spec.guest.file ?? `${name}.wasm`;
  const guest = wasmGuest(loadWasm(guestFile, spec.guest.bytes), name, spec);
  const modules = spec.modules.map((m) => wasmModule(loadWasm(m.file ?? `${m.name}.wasm`, m.bytes), m.name));
  return { guest, modules };
}

export interface WasmTargetSpec extends WasmGuestOptions {
  readonly guest: { readonly path: string; readonly bytes: Uint8Array; readonly name?: string };
  readonly modules: readonly { readonly name: string; readonly path: string; readonly bytes: Uint8Array }[];
  readonly policies?: Policies;
  readonly budgets?: Partial<Budgets>;
}

/** A RunTarget for exploration and replay; `ref` lets a worker thread rebuild it from the paths. */
export function wasmTarget(spec: WasmTargetSpec): RunTarget {
  const simulation = wasmSimulation({
    guest: { file: spec.guest.path, bytes: spec.guest.bytes, ...(spec.guest.name === undefined ? {} : { name: spec.guest.name }) },
    modules: spec.modules.map((m) => ({ name: m.name, file: m.path, bytes: m.bytes })),
    ...(spec.doneExport === undefined ? {} : { doneExport: spec.doneExport }),
  });
  return {
    name: simulation.guest.name,
    ref: {
      kind: 'wasm',
      guest: spec.guest.path,
      ...(spec.guest.name === undefined ? {} : { guestName: spec.guest.name }),
      modules: spec.modules.map((m) => ({ name: m.name, path: m.path })),
    },
    build: () => simulation,
    policies: spec.policies ?? DEFAULT_POLICIES,
    budgets: spec.budgets ?? {},
  };
}
