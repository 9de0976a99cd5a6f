/** Runs of the real test guests, with their events and the applet driver kept for inspection. */
import type { Budgets } from '../../../sim/budget.js';
import type { TraceEvent } from '../../../sim/events.js';
import type { GuestSpec } from '../../../sim/guest/driver.js';
import { ErrorCode } from '../../../sim/host/codes.js';
import { DEFAULT_POLICIES, type Policies } from '../../../sim/host/policies.js';
import type { ModuleSpec } from '../../../sim/modules/module.js';
import type { HostFactory } from '../../../sim/run/context.js';
import { runSimulation, type RunResult } from '../../../sim/run/run.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import type { StrategySpec } from '../../../sim/scheduler/strategy.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { wasmSimulation } from '../../../sim/wasm/simulation.js';
import { WasmAppletDriver } from '../../../sim/wasm/wasm-guest.js';
import { wasmModule } from '../../../sim/wasm/wasm-module.js';
import { loadGuest } from './wasm-api.js';

/** A launched module from test/guests, under the name `name` (default: the file's). */
export function guestModule(file: string, name = file): ModuleSpec {
  return wasmModule(loadWasm(`${file}.wasm`, loadGuest(file)), name);
}

/** An applet from test/guests launching `callee` (loaded as `callee`). */
export function appletSimulation(file: string, options: { doneExport?: string; modules?: readonly string[] } = {}): Simulation {
  return wasmSimulation({
    guest: { file: `test/guests/${file}.wasm`, bytes: loadGuest(file) },
    modules: (options.modules ?? ['callee']).map((m) => ({ name: m, file: `${m}.wasm`, bytes: loadGuest(m) })),
    ...(options.doneExport === undefined ? {} : { doneExport: options.doneExport }),
  });
}

export interface RunOptions {
  readonly seed?: number | string;
  readonly strategy?: StrategySpec;
  readonly policies?: Partial<Policies>;
  readonly budgets?: Partial<Budgets>;
  /** Another host than the reference host. */
  readonly host?: HostFactory;
}

export interface ObservedRun {
  readonly result: RunResult;
  readonly events: TraceEvent[];
  /** The Wasm applet's driver, if the guest was one. */
  readonly driver: WasmAppletDriver | undefined;
}

/** Runs `sim`, recording every event and keeping the guest driver. */
export function observe(sim: Simulation, options: RunOptions = {}): ObservedRun {
  const events: TraceEvent[] = [];
  let driver: WasmAppletDriver | undefined;
  const guest: GuestSpec = {
    name: sim.guest.name,
    finite: sim.guest.finite,
    instantiate: (env) => {
      const d = sim.guest.instantiate(env);
      if (d instanceof WasmAppletDriver) driver = d;
      return d;
    },
  };
  const result = runSimulation(
    { ...sim, guest },
    {
      seed: options.seed ?? 1,
      strategy: options.strategy ?? { kind: 'fifo' },
      policies: { ...DEFAULT_POLICIES, ...options.policies },
      budgets: options.budgets ?? {},
      sinks: [{ emit: (e) => events.push(e) }],
      ...(options.host === undefined ? {} : { host: options.host }),
    },
  );
  return { result, events, driver };
}

export function eventsOf<T extends TraceEvent['t']>(events: readonly TraceEvent[], t: T): Extract<TraceEvent, { t: T }>[] {
  return events.filter((e): e is Extract<TraceEvent, { t: T }> => e.t === t);
}

/** wild.wat's slot table: the code each call must get. */
export const WILD_EXPECTED: readonly number[] = [
  ...Array<number>(12).fill(ErrorCode.InvalidArguments), // 0-11 create_function / remove_function
  ErrorCode.Success, // 12 a valid create_function
  ...Array<number>(10).fill(ErrorCode.InvalidArguments), // 13-22 launches
  ErrorCode.Success, // 23 a valid launch
  ...Array<number>(8).fill(ErrorCode.InvalidArguments), // 24-31 is_ready / retrieve
  ErrorCode.Success, // 32 remove_function
];

/** The codes wild.wasm recorded, one per slot, read from its memory after a run. */
export function wildCodes(driver: WasmAppletDriver): number[] {
  const n = Number(driver.callOrAbort('results_len'));
  const mem = driver.memory.read(0, driver.memory.size);
  return Array.from({ length: n }, (_, i) => new DataView(mem.buffer).getInt32(4 * i, true));
}
