/**
 * A typed view of the `WebAssembly` global: the project's `lib` (ES2022, no DOM)
 * declares no `WebAssembly` types, so this names the members the simulator uses.
 * Only types and one accessor: no state.
 *
 * Gotchas: a `Memory`'s `buffer` is detached when the memory grows, so read it
 * afresh for every access; i64 values cross the boundary as `bigint`.
 */

/** The import object of an instantiation: module name → field → value. */
export type WasmImports = Record<string, Record<string, unknown>>;

export interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}

export interface WasmModuleEntry {
  readonly module?: string;
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
}

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** An exported function, called from JS: Wasm numbers in, a number, bigint or nothing out. */
export type WasmFunction = (...args: (number | bigint)[]) => unknown;

export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: {
    new (bytes: Uint8Array): WasmModule;
    exports(module: WasmModule): WasmModuleEntry[];
    imports(module: WasmModule): WasmModuleEntry[];
  };
  readonly Instance: new (module: WasmModule, imports?: WasmImports) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  readonly CompileError: new (message?: string) => Error;
  readonly LinkError: new (message?: string) => Error;
  readonly RuntimeError: new (message?: string) => Error;
}

/** The engine's `WebAssembly` namespace, typed. */
export const WebAssembly: WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The exported memory named `memory`, if there is one. */
export function exportedMemory(instance: WasmInstance): WasmMemory | undefined {
  const m = instance.exports['memory'];
  return typeof m === 'object' && m !== null && 'buffer' in m ? (m as WasmMemory) : undefined;
}

export function exportedFunction(instance: WasmInstance, name: string): WasmFunction | undefined {
  const f = instance.exports[name];
  return typeof f === 'function' ? (f as WasmFunction) : undefined;
}
