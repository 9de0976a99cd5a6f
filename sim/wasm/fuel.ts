/**
 * Deterministic fuel metering for Wasm guests: {@link instrumentFuel} rewrites a
 * module so that every function entry and every loop iteration costs one unit
 * of fuel, and running out calls a host import that throws. A guest that loops
 * forever then ends after the same number of steps on every run, with no clock.
 *
 * The same rewrite bounds the stack Wasm calls take, so that runaway recursion traps
 * at the same call on every run rather than wherever V8's stack happens to run out
 * (which depends on the size of its compiled frames, which background compilation
 * changes). Every body is wrapped in a block; entering it adds the function's
 * estimated frame size (`frameUnits`) to a stack counter and leaving it (its end, a
 * branch out, `return`, a tail call) takes it off again; an exception handler resets
 * the counter to its own frame's. Past `MAX_STACK_UNITS` the call traps, with the
 * counter at -1 to say why.
 *
 * The rewrite adds
 * - an exported mutable i64 global `__arksim_fuel`, initialised to 0 (or
 *   `initialFuel`), and an exported mutable i32 global `__arksim_stack`;
 * - an i32 local per function (the counter with its frame, for exception handlers);
 * - an import `arksim.fuel_exhausted: () -> ()`, appended after the other
 *   imports, so every defined function's index grows by one (calls, `ref.func`,
 *   element segments, exports, start and the name section are renumbered),
 * - at each checkpoint: `fuel -= 1; if (fuel < 0) { fuel_exhausted(); unreachable }`.
 *
 * Gotchas: the initial fuel is 0, so set it (see `setFuel`) before the first call;
 * a start function runs during instantiation on `initialFuel`; threads, GC and
 * typed function references are rejected as `unsupported`.
 */
import { WasmDecodeError, type BinaryReader } from './binary-reader.js';
import { BinaryWriter } from './binary-writer.js';
import { readReferenceType, readValueType } from './expression-rewriter.js';
import { FUEL_GLOBAL_EXPORT, FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME, frameUnits, MAX_STACK_UNITS, STACK_EXHAUSTED_MARK, STACK_GLOBAL_EXPORT } from './fuel-host.js';
import { type BodyRewrite, rewriteCode, rewriteElements, rewriteExports, rewriteGlobals, rewriteNames, rewriteStart, valueSlots } from './function-index-remap.js';
import { insertSection, readSections, sectionReader, SectionId, writeModule, type Section } from './module-sections.js';

export {
  FUEL_GLOBAL_EXPORT,
  FUEL_IMPORT_MODULE,
  FUEL_IMPORT_NAME,
  FuelExhaustedError,
  type FuelMeteredInstance,
  fuelImports,
  frameUnits,
  isFuelExhausted,
  isStackLimitHit,
  MAX_STACK_UNITS,
  remainingFuel,
  setFuel,
  setStackUsed,
  STACK_GLOBAL_EXPORT,
  stackUsed,
  WASM_STACK_BYTES,
  type WasmStack,
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

  const declared = readTypes(reader(SectionId.type));
  const functionTypes = readFunctionTypes(reader(SectionId.function), declared.types.length);
  const types = appendTypes(declared, functionTypes);
  const imports = appendFuelImport(reader(SectionId.import), types.emptyType);
  const definedGlobals = countEntries(reader(SectionId.global));
  const fuelGlobal = imports.globals + definedGlobals;
  const stackGlobal = fuelGlobal + 1;
  const fuelFunction = imports.functions;
  const exportNames = readExportNames(reader(SectionId.export));
  for (const name of [FUEL_GLOBAL_EXPORT, STACK_GLOBAL_EXPORT]) {
    if (exportNames.has(name)) throw new FuelInstrumentationError(`the module already exports ${name}`, 'already-instrumented', undefined);
  }

  const functionIndex = (index: number): number => (index < fuelFunction ? index : index + 1);
  const checkpoint = checkpointCode(fuelGlobal, fuelFunction);
  const bodyRewrite = (i: number, localCount: number, localSlots: number): BodyRewrite => {
    const type = declared.types[functionTypes[i] as number] as FunctionType;
    // The saved counter is a new local after the body's own: params, then locals, then it.
    const saved = type.params + localCount;
    const units = frameUnits(type.paramSlots + localSlots + 1);
    const leave = stackLeaveCode(stackGlobal, units);
    return {
      rewrite: {
        functionIndex,
        loopPrologue: checkpoint,
        beforeReturn: leave,
        catchPrologue: stackRestoreCode(stackGlobal, saved),
        blockEpilogue: leave,
      },
      prologue: concatBytes(stackEnterCode(stackGlobal, saved, units), checkpoint, blockHeader(types.blockType(type.results))),
      extraLocal: I32,
    };
  };
  const constRewrite = { functionIndex };
  const initialFuel = options.initialFuel ?? 0n;
  if (initialFuel < 0n || initialFuel > 0x7fff_ffff_ffff_ffffn) {
    throw new RangeError(`initialFuel must be in 0..2^63-1, got ${initialFuel}`);
  }
  const fuelGlobalEntry = new BinaryWriter(16).u8(0x7e).u8(0x01).u8(0x42).s64(initialFuel).u8(0x0b).finish();
  const stackGlobalEntry = new BinaryWriter(8).u8(I32).u8(0x01).u8(0x41).u8(0x00).u8(0x0b).finish();
  const globalExports = [
    { name: FUEL_GLOBAL_EXPORT, kind: KIND_GLOBAL, index: fuelGlobal },
    { name: STACK_GLOBAL_EXPORT, kind: KIND_GLOBAL, index: stackGlobal },
  ];

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
        out.push(rebuilt(rewriteGlobals(r, constRewrite, [fuelGlobalEntry, stackGlobalEntry])));
        break;
      case SectionId.export:
        out.push(rebuilt(rewriteExports(r, functionIndex, globalExports)));
        break;
      case SectionId.start:
        out.push(rebuilt(rewriteStart(r, functionIndex)));
        break;
      case SectionId.element:
        out.push(rebuilt(rewriteElements(r, constRewrite)));
        break;
      case SectionId.code:
        out.push(rebuilt(rewriteCode(r, bodyRewrite)));
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
  missing(SectionId.global, new BinaryWriter(16).u32(2).bytes(fuelGlobalEntry).bytes(stackGlobalEntry).finish());
  const exportSection = new BinaryWriter(64).u32(globalExports.length);
  for (const e of globalExports) exportSection.name(e.name).u8(e.kind).u32(e.index);
  missing(SectionId.export, exportSection.finish());
  return writeModule(out);
}

const I32 = 0x7f;

function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const w = new BinaryWriter(parts.reduce((n, p) => n + p.length, 0));
  for (const p of parts) w.bytes(p);
  return w.finish();
}

/**
 * `saved = stack + units; stack = saved; if (saved > MAX_STACK_UNITS) { stack = -1; unreachable }`:
 * the host reads the -1 to tell this trap from others (fuel-host.ts).
 */
function stackEnterCode(global: number, saved: number, units: number): Uint8Array {
  return new BinaryWriter(40)
    .u8(0x23).u32(global) // global.get
    .u8(0x41).s64(BigInt(units)) // i32.const
    .u8(0x6a) // i32.add
    .u8(0x22).u32(saved) // local.tee
    .u8(0x24).u32(global) // global.set
    .u8(0x20).u32(saved) // local.get
    .u8(0x41).s64(BigInt(MAX_STACK_UNITS)) // i32.const
    .u8(0x4b) // i32.gt_u
    .u8(0x04).u8(0x40) // if (no result)
    .u8(0x41).s64(BigInt(STACK_EXHAUSTED_MARK)) // i32.const -1
    .u8(0x24).u32(global) // global.set
    .u8(0x00) // unreachable
    .u8(0x0b) // end
    .finish();
}

/** `stack -= units` (stack-neutral: it may run with a function's results on the stack). */
function stackLeaveCode(global: number, units: number): Uint8Array {
  return new BinaryWriter(16)
    .u8(0x23).u32(global) // global.get
    .u8(0x41).s64(BigInt(units)) // i32.const
    .u8(0x6b) // i32.sub
    .u8(0x24).u32(global) // global.set
    .finish();
}

/** `stack = saved`: a handler runs in this frame, whatever frames the exception left without leaving. */
function stackRestoreCode(global: number, saved: number): Uint8Array {
  return new BinaryWriter(16)
    .u8(0x20).u32(saved) // local.get
    .u8(0x24).u32(global) // global.set
    .finish();
}

/** `block` with the function's results, to wrap its body. */
function blockHeader(blockType: bigint): Uint8Array {
  return new BinaryWriter(8).u8(0x02).s64(blockType).finish();
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

interface FunctionType {
  readonly params: number;
  /** 8-byte stack slots the parameters take (`valueSlots`). */
  readonly paramSlots: number;
  /** The result types' bytes. */
  readonly results: Uint8Array;
}

interface DeclaredTypes {
  readonly types: readonly FunctionType[];
  /** The type section's entries as they are. */
  readonly entries: Uint8Array;
}

function readTypes(reader: BinaryReader | undefined): DeclaredTypes {
  if (!reader) return { types: [], entries: new Uint8Array(0) };
  const count = reader.u32();
  const entriesAt = reader.pos;
  const types: FunctionType[] = [];
  for (let i = 0; i < count; i++) {
    const formAt = reader.pos;
    const form = reader.u8();
    if (form !== 0x60) {
      reader.fail(`type ${i} is not a function type (GC types are not supported)`, form === 0x4e || form === 0x50 || form === 0x4f ? 'unsupported' : 'malformed', formAt);
    }
    const params = reader.u32();
    let paramSlots = 0;
    for (let j = 0; j < params; j++) paramSlots += valueSlots(readValueType(reader));
    const count = reader.u32();
    const results = new Uint8Array(count);
    for (let j = 0; j < count; j++) results[j] = readValueType(reader);
    types.push({ params, paramSlots, results });
  }
  if (!reader.atEnd) reader.fail('trailing bytes in the type section');
  return { types, entries: reader.bytes.subarray(entriesAt, reader.pos) };
}

/** The type index of each defined function. */
function readFunctionTypes(reader: BinaryReader | undefined, typeCount: number): number[] {
  if (!reader) return [];
  const count = reader.u32();
  const indices: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const index = reader.u32();
    if (index >= typeCount) reader.fail(`function ${i} has type ${index}, but there are ${typeCount} types`, 'malformed', at);
    indices.push(index);
  }
  if (!reader.atEnd) reader.fail('trailing bytes in the function section');
  return indices;
}

/**
 * The type section with `() -> ()` (the fuel import's) appended, and `[] -> results`
 * for each multi-value result list of a defined function (the block type that wraps
 * its body). `blockType` gives a result list's block type: empty, a value type, or
 * the index of its appended type.
 */
function appendTypes(
  declared: DeclaredTypes,
  functionTypes: readonly number[],
): { payload: Uint8Array; emptyType: number; blockType: (results: Uint8Array) => bigint } {
  const base = declared.types.length;
  const multi = new Map<string, number>();
  const key = (results: Uint8Array): string => results.join(',');
  for (const index of functionTypes) {
    const results = (declared.types[index] as FunctionType).results;
    if (results.length > 1 && !multi.has(key(results))) multi.set(key(results), base + 1 + multi.size);
  }
  const writer = new BinaryWriter(declared.entries.length + 16);
  writer.u32(base + 1 + multi.size).bytes(declared.entries).u8(0x60).u32(0).u32(0);
  for (const k of multi.keys()) {
    const results = k.split(',').map(Number);
    writer.u8(0x60).u32(0).u32(results.length);
    for (const r of results) writer.u8(r);
  }
  const blockType = (results: Uint8Array): bigint => {
    if (results.length === 0) return -64n; // 0x40: no result
    if (results.length === 1) return BigInt((results[0] as number) - 0x80); // a value type as a negative s33
    return BigInt(multi.get(key(results)) as number);
  };
  return { payload: writer.finish(), emptyType: base, blockType };
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
