/**
 * Rewrites every place a module refers to a function by index, for a change of
 * the function index space (such as a new function import): exports, the start
 * function, element segments, global initialisers, code and the name section.
 */
import type { BinaryReader } from './binary-reader.js';
import { BinaryWriter } from './binary-writer.js';
import { readReferenceType, readValueType, rewriteExpression, type ExpressionRewrite } from './expression-rewriter.js';

const EXPORT_KIND_FUNCTION = 0;

/** Export section, with function indices renumbered and `extra` entries appended. */
export function rewriteExports(
  reader: BinaryReader,
  functionIndex: (index: number) => number,
  extra: readonly { readonly name: string; readonly kind: number; readonly index: number }[] = [],
): Uint8Array {
  const count = reader.u32();
  const writer = new BinaryWriter(reader.end - reader.pos + 32);
  writer.u32(count + extra.length);
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const name = reader.name();
    names.add(name);
    const kind = reader.u8();
    const index = reader.u32();
    writer.name(name).u8(kind).u32(kind === EXPORT_KIND_FUNCTION ? functionIndex(index) : index);
  }
  for (const entry of extra) {
    if (names.has(entry.name)) reader.fail(`the module already exports "${entry.name}"`, 'malformed');
    writer.name(entry.name).u8(entry.kind).u32(entry.index);
  }
  expectEnd(reader, 'export');
  return writer.finish();
}

export function rewriteStart(reader: BinaryReader, functionIndex: (index: number) => number): Uint8Array {
  const index = reader.u32();
  expectEnd(reader, 'start');
  return new BinaryWriter(8).u32(functionIndex(index)).finish();
}

/** Element section: function index vectors and `ref.func` in element expressions. */
export function rewriteElements(reader: BinaryReader, rewrite: ExpressionRewrite): Uint8Array {
  const writer = new BinaryWriter(reader.end - reader.pos + 16);
  const count = reader.u32();
  writer.u32(count);
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const flags = reader.u32();
    if (flags > 7) reader.fail(`unknown element segment kind ${flags}`, 'malformed', at);
    writer.u32(flags);
    const explicitTable = (flags & 0b010) !== 0 && (flags & 0b001) === 0;
    const active = (flags & 0b001) === 0;
    const usesExpressions = (flags & 0b100) !== 0;
    if (explicitTable) writer.u32(reader.u32());
    if (active) rewriteExpression(reader, writer, rewrite);
    // Kinds other than 0 and 4 name an element kind (0x00 = funcref) or a reference type.
    if (flags !== 0 && flags !== 4) {
      if (usesExpressions) writer.u8(readReferenceType(reader));
      else {
        const kindAt = reader.pos;
        const kind = reader.u8();
        if (kind !== 0x00) reader.fail(`unknown element kind 0x${kind.toString(16)}`, 'malformed', kindAt);
        writer.u8(kind);
      }
    }
    const items = reader.u32();
    writer.u32(items);
    for (let j = 0; j < items; j++) {
      if (usesExpressions) rewriteExpression(reader, writer, rewrite);
      else writer.u32(rewrite.functionIndex(reader.u32()));
    }
  }
  expectEnd(reader, 'element');
  return writer.finish();
}

/** Global section, with `ref.func` in initialisers renumbered and `extra` globals appended. */
export function rewriteGlobals(reader: BinaryReader, rewrite: ExpressionRewrite, extra: readonly Uint8Array[] = []): Uint8Array {
  const writer = new BinaryWriter(reader.end - reader.pos + 16);
  const count = reader.u32();
  writer.u32(count + extra.length);
  for (let i = 0; i < count; i++) {
    writer.u8(readValueType(reader));
    const mutAt = reader.pos;
    const mutability = reader.u8();
    if (mutability > 1) reader.fail('invalid global mutability', 'malformed', mutAt);
    writer.u8(mutability);
    rewriteExpression(reader, writer, rewrite);
  }
  for (const global of extra) writer.bytes(global);
  expectEnd(reader, 'global');
  return writer.finish();
}

/** How one function body is rewritten (see `rewriteCode`). */
export interface BodyRewrite {
  readonly rewrite: ExpressionRewrite;
  /** Goes first in the body, after its locals. */
  readonly prologue: Uint8Array;
  /** A local appended to the body's locals (its value type), whose index is `localCount`. */
  readonly extraLocal?: number;
}

/** 8-byte stack slots a value of `type` takes: two for a v128, one for anything else. */
export function valueSlots(type: number): number {
  return type === V128 ? 2 : 1;
}

const V128 = 0x7b;

/**
 * Code section: each body rewritten as `bodyRewrite(i, localCount, localSlots)` says,
 * where `i` counts the module's defined functions, `localCount` is the number of locals
 * the body declares (the parameters not included) and `localSlots` the 8-byte slots
 * they take (`valueSlots`).
 */
export function rewriteCode(reader: BinaryReader, bodyRewrite: (i: number, localCount: number, localSlots: number) => BodyRewrite): Uint8Array {
  const writer = new BinaryWriter(reader.end - reader.pos + 64);
  const count = reader.u32();
  writer.u32(count);
  for (let i = 0; i < count; i++) {
    const size = reader.u32();
    const bodyReader = reader.sub(size);
    const groups = bodyReader.u32();
    const groupsAt = bodyReader.pos;
    let locals = 0;
    let slots = 0;
    for (let g = 0; g < groups; g++) {
      const n = bodyReader.u32();
      locals += n;
      slots += n * valueSlots(readValueType(bodyReader));
    }
    const { rewrite, prologue, extraLocal } = bodyRewrite(i, locals, slots);
    const rebuilt = new BinaryWriter(size + prologue.length + 16);
    rebuilt.u32(groups + (extraLocal === undefined ? 0 : 1)).bytes(bodyReader.bytes.subarray(groupsAt, bodyReader.pos));
    if (extraLocal !== undefined) rebuilt.u32(1).u8(extraLocal);
    rebuilt.bytes(prologue);
    rewriteExpression(bodyReader, rebuilt, rewrite);
    if (!bodyReader.atEnd) bodyReader.fail(`function body ${i} continues past its final end`);
    writer.sized(rebuilt.finish());
  }
  expectEnd(reader, 'code');
  return writer.finish();
}

/**
 * The `name` custom section with function indices renumbered in the function,
 * local and label name subsections; other subsections are kept as they are.
 * `inserted` names a new function at its (new) index.
 */
export function rewriteNames(
  reader: BinaryReader,
  functionIndex: (index: number) => number,
  inserted?: { readonly index: number; readonly name: string },
): Uint8Array {
  const writer = new BinaryWriter(reader.end - reader.pos + 32);
  while (!reader.atEnd) {
    const id = reader.u8();
    const content = reader.sub(reader.u32());
    const out = new BinaryWriter(content.end - content.pos + 32);
    switch (id) {
      case 1: {
        // function names: (index, name)*, sorted by index
        const count = content.u32();
        const entries: [number, string][] = [];
        for (let i = 0; i < count; i++) entries.push([functionIndex(content.u32()), content.name()]);
        if (inserted && !entries.some(([index]) => index === inserted.index)) {
          entries.push([inserted.index, inserted.name]);
          entries.sort((a, b) => a[0] - b[0]);
        }
        out.u32(entries.length);
        for (const [index, name] of entries) out.u32(index).name(name);
        break;
      }
      case 2: // local names: (function index, (local index, name)*)*
      case 3: {
        // label names: same shape
        const count = content.u32();
        out.u32(count);
        for (let i = 0; i < count; i++) {
          out.u32(functionIndex(content.u32()));
          const inner = content.u32();
          out.u32(inner);
          for (let j = 0; j < inner; j++) out.u32(content.u32()).name(content.name());
        }
        break;
      }
      default:
        out.bytes(content.take(content.end - content.pos));
    }
    if (!content.atEnd) content.fail(`name subsection ${id} has trailing bytes`);
    writer.u8(id).sized(out.finish());
  }
  return writer.finish();
}

function expectEnd(reader: BinaryReader, section: string): void {
  if (!reader.atEnd) reader.fail(`trailing bytes in the ${section} section`);
}
