/**
 * Wasm guests and modules: loading (with import checks and fuel metering), the FFI
 * binding, launched modules, applet guests, and simulations built from files.
 */
export { ABI_IMPORTS, CORE_V0, CORE_V2, MODULE_RUN, checkImports } from './abi-imports.js';
export { ArkInstance, callFailure, type ArkInstanceEnv, type CallFailure, type CallResult } from './ark-instance.js';
export { CallFrames, coreImports, type CallFrame, type PanicReport } from './core-imports.js';
export { moduleRunImports, type FfiBindingEnv } from './ffi-imports.js';
export { GuestMemory } from './guest-memory.js';
export { WasmLoadError, isWasmLoadError, type WasmLoadErrorDetails } from './load-error.js';
export { loadWasm, type LoadedWasm } from './load.js';
export { formatSignature, readModuleInfo, type FunctionSignature, type ModuleInfo } from './module-info.js';
export {
  moduleNameFromPath,
  wasmSimulation,
  wasmTarget,
  type WasmGuestSource,
  type WasmModuleSource,
  type WasmSimulationSpec,
  type WasmTargetSpec,
} from './simulation.js';
export { WasmAppletDriver, wasmGuest, type WasmGuestOptions } from './wasm-guest.js';
export { requireExport, wasmModule } from './wasm-module.js';
export { WebAssembly, type WasmImports, type WasmInstance, type WasmMemory, type WasmModule } from './webassembly.js';
export { FuelExhaustedError, FuelInstrumentationError, fuelImports, instrumentFuel, isFuelExhausted, remainingFuel, setFuel } from './fuel.js';
