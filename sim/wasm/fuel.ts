/**
 * Deterministic fuel metering for Wasm guests: {@link instrumentFuel} rewrites a
 * module so that every function entry and every loop iteration costs one unit
 * of fuel, and running out calls a host import that throws. A guest that loops
 * forever then ends after the same number of steps on every run, with no clock.
 *
 * The rewrite adds
 * - an exported mutable i64 global `__arksim_fuel`, initialised to 0 (or
 *   `initialFuel`),
 * - an import `arksim.fuel_exhausted: () -> ()`, appended after the other
 *   imports, so every defined function's index grows by one (calls, `ref.func`,
 *   element segments, exports, start and the name section are renumbered),
 * - at each checkpoint: `fuel -= 1; if (fuel < 0) { fuel_exhausted(); unreachable }`.
 *
 * Gotchas: the initial fuel is 0, so set it (see `setFuel`) before the first call;
 * a start function runs during instantiation on `initialFuel`; SIMD, threads,
 * GC and typed function references are rejected as `unsupported`.
 */
import { WasmDecodeError, type BinaryReader } from './binary-reader.js';
import { BinaryWriter } from './binary-writer.js';
import { readReferenceType, readValueType } from './expression-rewriter.js';
import { FUEL_GLOBAL_EXPORT, FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME } from './fuel-host.js';
import { rewriteCode, rewriteElements, rewriteExports, rewriteGlobals, rewriteNames, rewriteStart } from './function-index-remap.js';
import { insertSection, readSections, sectionReader, SectionId, writeModule, type Section } from './module-sections.js';

export {
  FUEL_GLOBAL_EXPORT,
  FUEL_IMPORT_MODULE,
  FUEL_IMPORT_NAME,
  FuelExhaustedError,
  type FuelMeteredInstance,
  fuelImports,
  isFuelExhausted,
  remainingFuel,
  setFuel,
} from './fuel-host.js';

export type FuelInstrumentationFailure = 'malformed' | 'unsupported' | 'already-instrumented';

/** The input could not be instrumented: it is not a valid module, uses an unsupported feature, or is already metered. */
export class FuelInstrumentationError extends Error {
  override readonly name = 'FuelInstrumentationError';

  constructor(
    message: string,
    readonly reason: FuelInstrumentationFailure,
    /** Byte offset in the input where decoding stopped, when known. */
    readonly offset: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FuelInstrumentationOptions {
  /** The `name` custom section: renumber its function indices (default) or drop it. */
  readonly nameSection?: 'rewrite' | 'drop';
  /**
   * The fuel global's initial value (default 0). Only a start function, which
   * runs during instantiation before the host can set the fuel, needs more.
   */
  readonly initialFuel?: bigint;
}

const KIND_FUNCTION = 0;
const KIND_GLOBAL = 3;

/** Returns a copy of `wasm` with fuel checkpoints; the input is not modified. */
export function instrumentFuel(wasm: Uint8Array, options: FuelInstrumentationOptions = {}): Uint8Array {
  try {
    return instrument(wasm, options);
  } catch (error) {
    if (error instanceof WasmDecodeError) {
      throw new FuelInstrumentationError(`cannot instrument this module: ${error.message}`, error.problem, error.offset, {
        cause: error,
      });
    }
    throw error;
  }
}

function instrument(input: Uint8Array, options: FuelInstrumentationOptions): Uint8Array {
  const sections = readSections(input);
  const at = (id: number): number => sections.findIndex((s) => s.id === id);
  const reader = (id: number): BinaryReader | undefined => {
    const index = at(id);
    return index < 0 ? undefined : sectionReader(input, sections[index] as Section);
  };

  const types = appendEmptyFunctionType(reader(SectionId.type));
  const imports = appendFuelImport(reader(SectionId.import), types.index);
  const definedGlobals = countEntries(reader(SectionId.global));
  const fuelGlobal = imports.globals + definedGlobals;
  const fuelFunction = imports.functions;
  const exportNames = readExportNames(reader(SectionId.export));
  if (exportNames.has(FUEL_GLOBAL_EXPORT)) {
    throw new FuelInstrumentationError(`the module already exports ${FUEL_GLOBAL_EXPORT}`, 'already-instrumented', undefined);
  }

  const functionIndex = (index: number): number => (index < fuelFunction ? index : index + 1);
  const checkpoint = checkpointCode(fuelGlobal, fuelFunction);
  const rewrite = { functionIndex, loopPrologue: checkpoint };
  const constRewrite = { functionIndex };
  const initialFuel = options.initialFuel ?? 0n;
  if (initialFuel < 0n || initialFuel > 0x7fff_ffff_ffff_ffffn) {
    throw new RangeError(`initialFuel must be in 0..2^63-1, got ${initialFuel}`);
  }
  const fuelGlobalEntry = new BinaryWriter(16).u8(0x7e).u8(0x01).u8(0x42).s64(initialFuel).u8(0x0b).finish();
  const fuelExport = { name: FUEL_GLOBAL_EXPORT, kind: KIND_GLOBAL, index: fuelGlobal };

  const out: Section[] = [];
  for (const section of sections) {
    const r = sectionReader(input, section);
    const rebuilt = (payload: Uint8Array): Section => ({ id: section.id, payload, offset: -1 });
    switch (section.id) {
      case SectionId.type:
        out.push(rebuilt(types.payload));
        break;
      case SectionId.import:
        out.push(rebuilt(imports.payload));
        break;
      case SectionId.global:
        out.push(rebuilt(rewriteGlobals(r, constRewrite, [fuelGlobalEntry])));
        break;
      case SectionId.export:
        out.push(rebuilt(rewriteExports(r, functionIndex, [fuelExport])));
        break;
      case SectionId.start:
        out.push(rebuilt(rewriteStart(r, functionIndex)));
        break;
      case SectionId.element:
        out.push(rebuilt(rewriteElements(r, constRewrite)));
        break;
      case SectionId.code:
        out.push(rebuilt(rewriteCode(r, rewrite, checkpoint)));
        break;
      case SectionId.custom: {
        const names = customNames(r, functionIndex, fuelFunction, options);
        if (names === 'keep') out.push(section);
        else if (names !== 'drop') out.push(rebuilt(names));
        break;
      }
      default:
        out.push(section);
    }
  }
  const missing = (id: number, payload: Uint8Array): void => {
    if (at(id) < 0) insertSection(out, { id, payload, offset: -1 });
  };
  missing(SectionId.type, types.payload);
  missing(SectionId.import, imports.payload);
  missing(SectionId.global, new BinaryWriter(8).u32(1).bytes(fuelGlobalEntry).finish());
  missing(SectionId.export, new BinaryWriter(32).u32(1).name(fuelExport.name).u8(fuelExport.kind).u32(fuelExport.index).finish());
  return writeModule(out);
}

/** `fuel -= 1; if (fuel < 0) { fuel_exhausted(); unreachable }` */
function checkpointCode(global: number, exhausted: number): Uint8Array {
  return new BinaryWriter(32)
    .u8(0x23).u32(global) // global.get
    .u8(0x42).s64(1n) // i64.const 1
    .u8(0x7d) // i64.sub
    .u8(0x24).u32(global) // global.set
    .u8(0x23).u32(global) // global.get
    .u8(0x42).s64(0n) // i64.const 0
    .u8(0x53) // i64.lt_s
    .u8(0x04).u8(0x40) // if (no result)
    .u8(0x10).u32(exhausted) // call arksim.fuel_exhausted
    .u8(0x00) // unreachable: a host import that returns must not resume the guest
    .u8(0x0b) // end
    .finish();
}

/** Appends the type `() -> ()`; its index is the old type count. */
function appendEmptyFunctionType(reader: BinaryReader | undefined): { payload: Uint8Array; index: number } {
  const writer = new BinaryWriter(64);
  if (!reader) return { payload: writer.u32(1).u8(0x60).u32(0).u32(0).finish(), index: 0 };
  const count = reader.u32();
  const entriesAt = reader.pos;
  for (let i = 0; i < count; i++) {
    const formAt = reader.pos;
    const form = reader.u8();
    if (form !== 0x60) {
      reader.fail(`type ${i} is not a function type (GC types are not supported)`, form === 0x4e || form === 0x50 || form === 0x4f ? 'unsupported' : 'malformed', formAt);
    }
    for (let list = 0; list < 2; list++) {
      const length = reader.u32();
      for (let j = 0; j < length; j++) readValueType(reader);
    }
  }
  if (!reader.atEnd) reader.fail('trailing bytes in the type section');
  writer.u32(count + 1).bytes(reader.bytes.subarray(entriesAt, reader.pos)).u8(0x60).u32(0).u32(0);
  return { payload: writer.finish(), index: count };
}

function skipLimits(reader: BinaryReader): void {
  const at = reader.pos;
  const flags = reader.u8();
  if (flags > 0x07) reader.fail(`unknown limits flags 0x${flags.toString(16)}`, 'malformed', at);
  reader.skipLeb(10);
  if (flags & 0x01) reader.skipLeb(10);
}

/** Appends `arksim.fuel_exhausted`; counts the imported functions and globals. */
function appendFuelImport(
  reader: BinaryReader | undefined,
  typeIndex: number,
): { payload: Uint8Array; functions: number; globals: number } {
  const writer = new BinaryWriter(64);
  let functions = 0;
  let globals = 0;
  let count = 0;
  let entries: Uint8Array = new Uint8Array(0);
  if (reader) {
    count = reader.u32();
    const entriesAt = reader.pos;
    for (let i = 0; i < count; i++) {
      const module = reader.name();
      const field = reader.name();
      if (module === FUEL_IMPORT_MODULE && field === FUEL_IMPORT_NAME) {
        throw new FuelInstrumentationError(`the module already imports ${module}.${field}`, 'already-instrumented', reader.pos);
      }
      const kindAt = reader.pos;
      const kind = reader.u8();
      switch (kind) {
        case 0: // function: type index
          reader.u32();
          functions++;
          break;
        case 1: // table: reference type, limits
          readReferenceType(reader);
          skipLimits(reader);
          break;
        case 2: // memory: limits
          skipLimits(reader);
          break;
        case 3: {
          // global: value type, mutability
          readValueType(reader);
          const mutability = reader.u8();
          if (mutability > 1) reader.fail('invalid global mutability', 'malformed', reader.pos - 1);
          globals++;
          break;
        }
        case 4: // tag: attribute, type index
          reader.u8();
          reader.u32();
          break;
        default:
          reader.fail(`unknown import kind ${kind}`, 'malformed', kindAt);
      }
    }
    if (!reader.atEnd) reader.fail('trailing bytes in the import section');
    entries = reader.bytes.subarray(entriesAt, reader.pos);
  }
  writer.u32(count + 1).bytes(entries).name(FUEL_IMPORT_MODULE).name(FUEL_IMPORT_NAME).u8(KIND_FUNCTION).u32(typeIndex);
  return { payload: writer.finish(), functions, globals };
}

function countEntries(reader: BinaryReader | undefined): number {
  return reader ? reader.u32() : 0;
}

function readExportNames(reader: BinaryReader | undefined): Set<string> {
  const names = new Set<string>();
  if (!reader) return names;
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    names.add(reader.name());
    reader.u8();
    reader.u32();
  }
  return names;
}

/** What becomes of a custom section: kept as is, dropped, or a rewritten payload. */
function customNames(
  reader: BinaryReader,
  functionIndex: (index: number) => number,
  fuelFunction: number,
  options: FuelInstrumentationOptions,
): 'keep' | 'drop' | Uint8Array {
  const name = reader.name();
  if (name !== 'name') return 'keep';
  if (options.nameSection === 'drop') return 'drop';
  try {
    const renamed = rewriteNames(reader, functionIndex, { index: fuelFunction, name: `${FUEL_IMPORT_MODULE}.${FUEL_IMPORT_NAME}` });
    return new BinaryWriter(renamed.length + 8).name('name').bytes(renamed).finish();
  } catch (error) {
    // Engines ignore a malformed name section; so do we, rather than fail on debug data.
    if (error instanceof WasmDecodeError) return 'drop';
    throw error;
  }
}
