/**
 * Hand-assembled Wasm modules for loader and binding tests: a few functions with
 * raw instruction bytes, so a test states exactly what it feeds the loader without
 * needing wat2wasm at test time.
 */
import { BinaryWriter } from '../../../sim/wasm/binary-writer.js';

export type ValType = 'i32' | 'i64';
const CODE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e };

export interface TinySignature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface TinyImport {
  readonly module: string;
  readonly field: string;
  /** A function of this signature, or a memory. */
  readonly type: TinySignature | 'memory';
}

export interface TinyFunction {
  readonly export?: string;
  readonly type: TinySignature;
  /** Instruction bytes, without the final `end`. */
  readonly body: readonly number[];
}

export interface TinyModule {
  readonly imports?: readonly TinyImport[];
  readonly functions?: readonly TinyFunction[];
  /** Pages of an exported `memory`; none if absent. */
  readonly memoryPages?: number;
}

export const sig = (params: string, results = ''): TinySignature => ({
  params: params === '' ? [] : (params.split(' ') as ValType[]),
  results: results === '' ? [] : (results.split(' ') as ValType[]),
});

/** `i32.const v` */
export const i32 = (v: number): number[] => [0x41, ...new BinaryWriter(8).s64(BigInt(v | 0)).finish()];
export const UNREACHABLE = 0x00;
export const call = (index: number): number[] => [0x10, ...new BinaryWriter(8).u32(index).finish()];
export const DROP = 0x1a;

export function tinyWasm(m: TinyModule): Uint8Array {
  const types: TinySignature[] = [];
  const typeIndex = (s: TinySignature): number => {
    const key = JSON.stringify(s);
    let i = types.findIndex((t) => JSON.stringify(t) === key);
    if (i < 0) i = types.push(s) - 1;
    return i;
  };
  const imports = m.imports ?? [];
  const functions = m.functions ?? [];
  const importEntries = imports.map((i) => {
    const w = new BinaryWriter().name(i.module).name(i.field);
    if (i.type === 'memory') w.u8(0x02).u8(0x00).u32(1);
    else w.u8(0x00).u32(typeIndex(i.type));
    return w.finish();
  });
  const functionTypes = functions.map((f) => typeIndex(f.type));
  const importedFunctions = imports.filter((i) => i.type !== 'memory').length;

  const out = new BinaryWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, count: number, entries: readonly Uint8Array[]): void => {
    if (count === 0) return;
    const body = new BinaryWriter().u32(count);
    for (const e of entries) body.bytes(e);
    out.u8(id).sized(body.finish());
  };
  const vec = (xs: readonly ValType[]): Uint8Array => new BinaryWriter().u32(xs.length).bytes(xs.map((x) => CODE[x])).finish();
  section(
    1,
    types.length,
    types.map((t) => new BinaryWriter().u8(0x60).bytes(vec(t.params)).bytes(vec(t.results)).finish()),
  );
  section(2, importEntries.length, importEntries);
  section(3, functionTypes.length, functionTypes.map((t) => new BinaryWriter().u32(t).finish()));
  if (m.memoryPages !== undefined) section(5, 1, [new BinaryWriter().u8(0x00).u32(m.memoryPages).finish()]);
  const exports: Uint8Array[] = [];
  if (m.memoryPages !== undefined) exports.push(new BinaryWriter().name('memory').u8(0x02).u32(0).finish());
  functions.forEach((f, i) => {
    if (f.export !== undefined) exports.push(new BinaryWriter().name(f.export).u8(0x00).u32(importedFunctions + i).finish());
  });
  section(7, exports.length, exports);
  section(
    10,
    functions.length,
    functions.map((f) => new BinaryWriter().sized(new BinaryWriter().u32(0).bytes(f.body).u8(0x0b).finish()).finish()),
  );
  return out.finish();
}

/** What a launched tiny module imports: `core__return_slice` (function 0) and `core__register_panic` (function 1). */
export const CORE_IMPORTS: readonly TinyImport[] = [
  { module: 'ark-core-v0', field: 'core__return_slice', type: sig('i32 i32 i32', 'i32') },
  { module: 'ark-core-v2', field: 'core__register_panic', type: sig('i32 i32 i32 i32 i32 i32', 'i32') },
];

/** A launched module's entry points: `ark_alloc` always answers 1024 (where inputs go), `ark_free` does nothing. */
export const ENTRY_POINTS: readonly TinyFunction[] = [
  { export: 'ark_alloc', type: sig('i32 i32', 'i32'), body: i32(1024) },
  { export: 'ark_free', type: sig('i32 i32 i32'), body: [] },
];
