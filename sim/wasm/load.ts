/**
 * Loading a Wasm file for simulation: validate it, check every import against the
 * ABI (before anything is instantiated), and compile it, with fuel checkpoints when
 * the run has a fuel budget. Compiling happens once per file and fuel budget; every
 * run instantiates afresh.
 */
import { createHash } from 'node:crypto';
import { checkImports } from './abi-imports.js';
import { WasmDecodeError } from './binary-reader.js';
import { FuelInstrumentationError, instrumentFuel } from './fuel.js';
import { WasmLoadError } from './load-error.js';
import { readModuleInfo, type ModuleInfo } from './module-info.js';
import { WebAssembly, type WasmModule } from './webassembly.js';

export interface LoadedWasm {
  /** The file as the user named it, for messages. */
  readonly file: string;
  readonly sha256: string;
  readonly info: ModuleInfo;
  /** Imported functions: defined functions of a metered binary sit one index higher. */
  readonly importedFunctions: number;
  /** The compiled module for a fuel budget (0: unmetered). */
  compiled(fuel: number): WasmModule;
}

/**
 * Checks and prepares `bytes`; throws WasmLoadError naming `file` for anything that
 * cannot run. Gotchas: a module the fuel instrumenter cannot handle (threads, GC)
 * loads, and its first metered instantiation throws WasmLoadError (fuel 0 runs it,
 * for callers of this API; the CLI always meters).
 */
export function loadWasm(file: string, bytes: Uint8Array): LoadedWasm {
  const wire = bytes.slice();
  if (!WebAssembly.validate(wire)) {
    let reason = 'rejected by the engine';
    try {
      new WebAssembly.Module(wire);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    throw new WasmLoadError(`${file}: not a valid Wasm module: ${reason}`, { file });
  }
  let info: ModuleInfo;
  try {
    info = readModuleInfo(wire);
  } catch (e) {
    if (!(e instanceof WasmDecodeError || e instanceof RangeError)) throw e;
    throw new WasmLoadError(`${file}: cannot read the module: ${e.message}`, { file }, { cause: e });
  }
  checkImports(file, info.imports);
  const meter = (fuel: number): Uint8Array => {
    try {
      // A start function runs during instantiation, before the host can set the fuel.
      return instrumentFuel(wire, { initialFuel: BigInt(fuel) });
    } catch (e) {
      if (!(e instanceof FuelInstrumentationError)) throw e;
      // Metering is what bounds a guest that never returns, so there is no unmetered fallback.
      throw new WasmLoadError(`${file}: cannot add the fuel metering every run needs: ${e.message}`, { file }, { cause: e });
    }
  };
  // A compile cache, filled on demand; it never affects what a run does.
  const compiled = new Map<number, WasmModule>();
  return {
    file,
    sha256: createHash('sha256').update(wire).digest('hex'),
    info,
    importedFunctions: info.imports.filter((i) => i.kind === 'function').length,
    compiled(fuel) {
      let module = compiled.get(fuel);
      if (module === undefined) {
        const bytes = fuel > 0 ? meter(fuel) : wire;
        try {
          module = new WebAssembly.Module(bytes);
        } catch (e) {
          // The file validated, so only the instrumentation can have broken it: say so, in one line.
          throw new WasmLoadError(`${file}: internal error: the fuel-metered module does not compile: ${e instanceof Error ? e.message : String(e)}`, { file }, { cause: e });
        }
        compiled.set(fuel, module);
      }
      return module;
    },
  };
}
