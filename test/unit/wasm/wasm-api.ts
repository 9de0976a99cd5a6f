/**
 * A typed view of the `WebAssembly` global for tests: the project's `lib`
 * (ES2022, no DOM) declares no `WebAssembly` types, so this names the few
 * members the tests use.
 */
import { readFileSync } from 'node:fs';

export type ImportObject = Record<string, Record<string, unknown>>;

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface WasmModule {
  readonly __brand?: 'WasmModule';
}

export interface ModuleEntry {
  readonly module?: string;
  readonly name: string;
  readonly kind: string;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): ModuleEntry[];
    exports(module: WasmModule): ModuleEntry[];
  };
  readonly Instance: new (module: WasmModule, imports?: ImportObject) => WasmInstance;
  readonly RuntimeError: new (...args: never[]) => Error;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function instantiate(bytes: Uint8Array, imports: ImportObject = {}): WasmInstance {
  return new wasm.Instance(new wasm.Module(bytes), imports);
}

/** An exported function, typed loosely (Wasm numbers in, a number or bigint out). */
export function exportedFunction(instance: WasmInstance, name: string): (...args: (number | bigint)[]) => unknown {
  const value = instance.exports[name];
  if (typeof value !== 'function') throw new TypeError(`no exported function ${name}`);
  return value as (...args: (number | bigint)[]) => unknown;
}

export function exportedMemory(instance: WasmInstance): { readonly buffer: ArrayBuffer } {
  const memory = instance.exports['memory'];
  if (typeof memory !== 'object' || memory === null || !('buffer' in memory)) throw new TypeError('no exported memory');
  return memory as { readonly buffer: ArrayBuffer };
}

export function exportedGlobal(instance: WasmInstance, name: string): { value: unknown } {
  const global = instance.exports[name];
  if (typeof global !== 'object' || global === null || !('value' in global)) throw new TypeError(`no exported global ${name}`);
  return global as { value: unknown };
}

/** The project root, from dist/test/unit/wasm/ where the compiled tests run. */
const root = new URL('../../../../', import.meta.url);

export function loadGuest(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`test/guests/${name}.wasm`, root)));
}
