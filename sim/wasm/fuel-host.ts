/**
 * The host's side of fuel metering: the names the instrumented module uses,
 * the import that ends a guest out of fuel, and access to its fuel counter.
 *
 * A budget of N lets the guest pass N checkpoints (function entries and loop
 * iterations); the next checkpoint calls `arksim.fuel_exhausted`, which throws
 * {@link FuelExhaustedError}. The error crosses the Wasm frames unchanged, so
 * the caller of the export catches that very object.
 *
 * Gotchas: set the budget before every call into the instance; an exhausted
 * counter stays at -1 and the next call traps at its first checkpoint.
 */

/** Name of the exported mutable i64 global holding the remaining fuel. */
export const FUEL_GLOBAL_EXPORT = '__arksim_fuel';
/** Name of the exported mutable i32 global counting the stack the Wasm calls in progress use (fuel.ts). */
export const STACK_GLOBAL_EXPORT = '__arksim_stack';

/** The stack counter counts 8-byte units. */
export const STACK_UNIT_BYTES = 8;

/**
 * A frame's estimated size, in units: a fixed part and one unit per 8-byte slot of its
 * parameters and locals (a v128 takes two). Measured on V8 11 (Node 20), frames of
 * Liftoff code take about 56 + 8 per local bytes; optimised code takes no more.
 */
export function frameUnits(slots: number): number {
  return 7 + slots;
}

/**
 * Stack the Wasm frames of a run may take at once, by that estimate, before the next
 * call traps. Node's main thread has ~984 KiB of stack (workers 4 MiB); this leaves
 * the rest to the host's own frames (64 nested blocking launches at most). Measured:
 * recursion with 10 to 120 live locals per frame ran the real stack out at 1.4-1.5
 * times this limit, so the limit, which is the same on every run, always comes first.
 */
export const WASM_STACK_BYTES = 576 * 1024;

export const MAX_STACK_UNITS = WASM_STACK_BYTES / STACK_UNIT_BYTES;

/** The stack counter's value after a call trapped for passing `MAX_STACK_UNITS`. */
export const STACK_EXHAUSTED_MARK = -1;

/**
 * The stack the run's Wasm calls use, shared by all its instances: a call into any
 * instance starts counting from it, and an instance publishes its own count to it
 * before a call that may run other Wasm on top of its frames (a blocking launch).
 */
export interface WasmStack {
  used: number;
}

/** Module and field of the import that an out-of-fuel checkpoint calls. */
export const FUEL_IMPORT_MODULE = 'arksim';
export const FUEL_IMPORT_NAME = 'fuel_exhausted';

/** Thrown into (and out of) a guest whose fuel ran out. */
export class FuelExhaustedError extends Error {
  override readonly name = 'FuelExhaustedError';

  constructor(message = 'fuel exhausted: the guest passed more checkpoints than its budget allows') {
    super(message);
  }
}

export function isFuelExhausted(error: unknown): error is FuelExhaustedError {
  return error instanceof FuelExhaustedError;
}

/** The import object entry an instrumented module needs; merge it into the host's imports. */
export function fuelImports(): { readonly [FUEL_IMPORT_MODULE]: { readonly [FUEL_IMPORT_NAME]: () => never } } {
  return {
    [FUEL_IMPORT_MODULE]: {
      [FUEL_IMPORT_NAME]: (): never => {
        throw new FuelExhaustedError();
      },
    },
  };
}

/**
 * The part of a `WebAssembly.Instance` these helpers use. Structural, because
 * the project's `lib` (ES2022, no DOM) declares no `WebAssembly` types.
 */
export interface FuelMeteredInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmGlobalLike {
  value: unknown;
}

function fuelGlobal(instance: FuelMeteredInstance): WasmGlobalLike {
  const global = instance.exports[FUEL_GLOBAL_EXPORT];
  if (typeof global !== 'object' || global === null || !('value' in global)) {
    throw new TypeError(`the instance exports no ${FUEL_GLOBAL_EXPORT} global: was the module instrumented?`);
  }
  return global as WasmGlobalLike;
}

/** Sets the fuel for the next call into `instance`. */
export function setFuel(instance: FuelMeteredInstance, fuel: bigint): void {
  if (fuel < 0n || fuel > 0x7fff_ffff_ffff_ffffn) throw new RangeError(`fuel must be in 0..2^63-1, got ${fuel}`);
  fuelGlobal(instance).value = fuel;
}

/** Fuel left; -1 after the guest ran out. */
export function remainingFuel(instance: FuelMeteredInstance): bigint {
  const value = fuelGlobal(instance).value;
  if (typeof value !== 'bigint') throw new TypeError(`${FUEL_GLOBAL_EXPORT} is not an i64 global`);
  return value;
}

function stackGlobal(instance: FuelMeteredInstance): WasmGlobalLike {
  const global = instance.exports[STACK_GLOBAL_EXPORT];
  if (typeof global !== 'object' || global === null || !('value' in global)) {
    throw new TypeError(`the instance exports no ${STACK_GLOBAL_EXPORT} global: was the module instrumented?`);
  }
  return global as WasmGlobalLike;
}

/** Stack units in use at this point of `instance`'s calls (`STACK_EXHAUSTED_MARK` after a call passed the limit). */
export function stackUsed(instance: FuelMeteredInstance): number {
  const value = stackGlobal(instance).value;
  if (typeof value !== 'number') throw new TypeError(`${STACK_GLOBAL_EXPORT} is not an i32 global`);
  return value;
}

/** Sets the stack counter: where the next call starts, or back after a call that trapped or threw out of its frames. */
export function setStackUsed(instance: FuelMeteredInstance, units: number): void {
  stackGlobal(instance).value = units;
}

/** Whether the call that just trapped in `instance` passed `MAX_STACK_UNITS`. */
export function isStackLimitHit(instance: FuelMeteredInstance): boolean {
  return stackUsed(instance) === STACK_EXHAUSTED_MARK;
}
