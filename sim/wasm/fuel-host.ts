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
