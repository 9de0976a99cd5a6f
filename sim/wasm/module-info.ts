/**
 * What a loader needs to know about a Wasm binary before instantiating it: every
 * import with its signature, and every export with its kind and (for functions)
 * signature. `WebAssembly.Module.imports` gives names and kinds only, so the type,
 * import, function and export sections are read here.
 *
 * Gotchas: the binary is assumed to have passed `WebAssembly.validate`; this reader
 * still bounds-checks every read and throws WasmDecodeError on malformed input.
 */
import type { BinaryReader } from './binary-reader.js';
import { readReferenceType, readValueType } from './expression-rewriter.js';
import { readSections, sectionReader, SectionId } from './module-sections.js';

export type ValueTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FunctionSignature {
  readonly params: readonly ValueTypeName[];
  readonly results: readonly ValueTypeName[];
}

export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface ImportInfo {
  readonly module: string;
  readonly field: string;
  readonly kind: ExternKind;
  /** For function imports. */
  readonly signature: FunctionSignature | undefined;
}

export interface ExportInfo {
  readonly name: string;
  readonly kind: ExternKind;
  /** For function exports. */
  readonly signature: FunctionSignature | undefined;
}

export interface ModuleInfo {
  readonly imports: readonly ImportInfo[];
  readonly exports: readonly ExportInfo[];
}

const TYPE_NAMES: Readonly<Record<number, ValueTypeName>> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
  0x70: 'funcref',
  0x6f: 'externref',
};

const KINDS: readonly ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];

/** `(i64, i32) -> i32`; several results as `(i32, i32)`, none as `()`. */
export function formatSignature(s: FunctionSignature): string {
  const results = s.results.length === 1 ? (s.results[0] as string) : `(${s.results.join(', ')})`;
  return `(${s.params.join(', ')}) -> ${results}`;
}

export function sameSignature(a: FunctionSignature, b: FunctionSignature): boolean {
  const eq = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.params, b.params) && eq(a.results, b.results);
}

function valueType(reader: BinaryReader): ValueTypeName {
  return TYPE_NAMES[readValueType(reader)] as ValueTypeName;
}

function readTypes(reader: BinaryReader): FunctionSignature[] {
  const types: FunctionSignature[] = [];
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    if (reader.u8() !== 0x60) reader.fail(`type ${i} is not a function type`, 'unsupported', at);
    const params = Array.from({ length: reader.u32() }, () => valueType(reader));
    const results = Array.from({ length: reader.u32() }, () => valueType(reader));
    types.push({ params, results });
  }
  return types;
}

function skipLimits(reader: BinaryReader): void {
  const flags = reader.u8();
  reader.skipLeb(10);
  if (flags & 0x01) reader.skipLeb(10);
}

export function readModuleInfo(bytes: Uint8Array): ModuleInfo {
  const sections = readSections(bytes);
  const reader = (id: number): BinaryReader | undefined => {
    const s = sections.find((x) => x.id === id);
    return s === undefined ? undefined : sectionReader(bytes, s);
  };
  const typeReader = reader(SectionId.type);
  const types = typeReader === undefined ? [] : readTypes(typeReader);
  const signature = (index: number): FunctionSignature => {
    const t = types[index];
    if (t === undefined) throw new RangeError(`type index ${index} out of range`);
    return t;
  };

  // Function index space: imported functions first, then defined ones.
  const functionTypes: number[] = [];
  const imports: ImportInfo[] = [];
  const importReader = reader(SectionId.import);
  if (importReader !== undefined) {
    const count = importReader.u32();
    for (let i = 0; i < count; i++) {
      const module = importReader.name();
      const field = importReader.name();
      const kindAt = importReader.pos;
      const kind = KINDS[importReader.u8()];
      let sig: FunctionSignature | undefined = undefined;
      switch (kind) {
        case 'function': {
          const t = importReader.u32();
          functionTypes.push(t);
          sig = signature(t);
          break;
        }
        case 'table':
          readReferenceType(importReader);
          skipLimits(importReader);
          break;
        case 'memory':
          skipLimits(importReader);
          break;
        case 'global':
          readValueType(importReader);
          importReader.u8();
          break;
        case 'tag':
          importReader.u8();
          importReader.u32();
          break;
        default:
          importReader.fail('unknown import kind', 'malformed', kindAt);
      }
      imports.push({ module, field, kind, signature: sig });
    }
  }
  const functionReader = reader(SectionId.function);
  if (functionReader !== undefined) {
    const count = functionReader.u32();
    for (let i = 0; i < count; i++) functionTypes.push(functionReader.u32());
  }

  const exports: ExportInfo[] = [];
  const exportReader = reader(SectionId.export);
  if (exportReader !== undefined) {
    const count = exportReader.u32();
    for (let i = 0; i < count; i++) {
      const name = exportReader.name();
      const kindAt = exportReader.pos;
      const kind = KINDS[exportReader.u8()];
      const index = exportReader.u32();
      if (kind === undefined) exportReader.fail('unknown export kind', 'malformed', kindAt);
      const t = kind === 'function' ? functionTypes[index] : undefined;
      exports.push({ name, kind, signature: t === undefined ? undefined : signature(t) });
    }
  }
  return { imports, exports };
}
