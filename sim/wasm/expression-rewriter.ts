/**
 * Copies one Wasm expression (a function body's instructions, or a constant
 * expression) while renumbering function indices and inserting code at the
 * start of every `loop` body, before every return, at the start of every
 * exception handler and after the body (see `ExpressionRewrite`).
 *
 * Handles the MVP plus what rustc and common toolchains emit: multi-value block
 * types, bulk memory and saturating truncation (0xFC), fixed-width and relaxed SIMD
 * (0xFD; rustc's `+simd128`), sign extension, reference types, multi-memory memargs,
 * tail calls and legacy exception handling.
 * Gotchas: threads (0xFE), GC (0xFB), typed function references and `try_table` are
 * rejected as `unsupported` rather than guessed at.
 */
import type { BinaryReader } from './binary-reader.js';
import type { BinaryWriter } from './binary-writer.js';

export interface ExpressionRewrite {
  /** The new index of a function index met in `call`, `return_call` or `ref.func`. */
  readonly functionIndex: (index: number) => number;
  /** Code to insert right after each `loop` header; none for constant expressions. */
  readonly loopPrologue?: Uint8Array;
  /** Code to insert before each `return`, `return_call` and `return_call_indirect`. */
  readonly beforeReturn?: Uint8Array;
  /** Code to insert at the start of each exception handler (after `catch` and `catch_all`). */
  readonly catchPrologue?: Uint8Array;
  /**
   * For a function body whose prologue opened a block around it: code that runs however
   * that block is left (falling off its end, or a branch to what was the function's
   * label). Written after the body's final `end`, which now closes the block, and
   * followed by the function's own `end`.
   */
  readonly blockEpilogue?: Uint8Array;
}

const VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);
const REFERENCE_TYPES = new Set([0x70, 0x6f]);

/** Reads a value type, rejecting the typed references of later proposals. */
export function readValueType(reader: BinaryReader): number {
  const at = reader.pos;
  const type = reader.u8();
  if (VALUE_TYPES.has(type)) return type;
  if (type === 0x63 || type === 0x64) reader.fail('typed references are not supported', 'unsupported', at);
  return reader.fail(`unknown value type 0x${type.toString(16)}`, 'malformed', at);
}

export function readReferenceType(reader: BinaryReader): number {
  const at = reader.pos;
  const type = readValueType(reader);
  if (!REFERENCE_TYPES.has(type)) reader.fail(`0x${type.toString(16)} is not a reference type`, 'malformed', at);
  return type;
}

function skipBlockType(reader: BinaryReader): void {
  const first = reader.peekU8();
  if (first === 0x40 || VALUE_TYPES.has(first)) {
    reader.u8();
    return;
  }
  if (first === 0x63 || first === 0x64) reader.fail('typed references are not supported', 'unsupported');
  const at = reader.pos;
  if (reader.s33() < 0) reader.fail('invalid block type', 'malformed', at);
}

function skipMemArg(reader: BinaryReader): void {
  const align = reader.u32();
  if (align & 0x40) reader.u32(); // multi-memory: a memory index follows
  reader.skipLeb(10); // offset: u32, or u64 with memory64
}

/** Immediates of the 0xFC prefix (saturating truncation, bulk memory, tables). */
function skipPrefixFC(reader: BinaryReader, at: number): void {
  const sub = reader.u32();
  if (sub <= 7) return; // *.trunc_sat_*
  switch (sub) {
    case 8: // memory.init data mem
    case 10: // memory.copy mem mem
    case 12: // table.init elem table
    case 14: // table.copy table table
      reader.u32();
      reader.u32();
      return;
    case 9: // data.drop
    case 11: // memory.fill
    case 13: // elem.drop
    case 15: // table.grow
    case 16: // table.size
    case 17: // table.fill
      reader.u32();
      return;
    default:
      reader.fail(`unknown 0xFC instruction ${sub}`, 'malformed', at);
  }
}

/** The last 0xFD sub-opcode: relaxed SIMD ends at 0x113 (`i32x4.relaxed_dot_i8x16_i7x16_add_s`). */
const LAST_SIMD = 0x113;

/**
 * Immediates of the 0xFD prefix (SIMD). Only loads, stores, constants, shuffles and lane
 * accesses have any; every other sub-opcode is a plain numeric instruction. The engine
 * validated the module before it is rewritten, so a sub-opcode it accepted and this
 * table treats as immediate-free really is one, up to `LAST_SIMD`.
 */
function skipPrefixFD(reader: BinaryReader, at: number): void {
  const sub = reader.u32();
  if (sub <= 0x0b || sub === 0x5c || sub === 0x5d) {
    skipMemArg(reader); // v128.load*, v128.store, v128.load32_zero, v128.load64_zero
  } else if (sub === 0x0c || sub === 0x0d) {
    reader.take(16); // v128.const i128, i8x16.shuffle lane*16
  } else if (sub >= 0x15 && sub <= 0x22) {
    reader.u8(); // extract_lane / replace_lane: a lane index
  } else if (sub >= 0x54 && sub <= 0x5b) {
    skipMemArg(reader); // v128.load*_lane, v128.store*_lane: a memarg and a lane index
    reader.u8();
  } else if (sub > LAST_SIMD) {
    reader.fail(`unknown 0xFD instruction ${sub}`, 'malformed', at);
  }
}

/**
 * Copies the expression at `reader` to `writer` up to and including its final
 * `end`, applying `rewrite`. Bytes are copied in runs; only rewritten
 * instructions are re-encoded.
 */
export function rewriteExpression(reader: BinaryReader, writer: BinaryWriter, rewrite: ExpressionRewrite): void {
  const bytes = reader.bytes;
  let copied = reader.pos;
  const flush = (until: number): void => {
    if (until > copied) writer.bytes(bytes.subarray(copied, until));
    copied = until;
  };
  /** Writes `code` at `pos` (a position reached by the reader), if there is code. */
  const insert = (pos: number, code: Uint8Array | undefined): void => {
    if (code === undefined) return;
    flush(pos);
    writer.bytes(code);
  };
  let depth = 0;
  for (;;) {
    const at = reader.pos;
    const op = reader.u8();
    switch (op) {
      case 0x00: // unreachable
      case 0x01: // nop
      case 0x05: // else
      case 0x1a: // drop
      case 0x1b: // select
      case 0xd1: // ref.is_null
        break;
      case 0x02: // block
      case 0x04: // if
      case 0x06: // try
        skipBlockType(reader);
        depth++;
        break;
      case 0x03: // loop
        skipBlockType(reader);
        depth++;
        if (rewrite.loopPrologue) {
          flush(reader.pos);
          writer.bytes(rewrite.loopPrologue);
        }
        break;
      case 0x0f: // return
        insert(at, rewrite.beforeReturn);
        break;
      case 0x19: // catch_all
        insert(reader.pos, rewrite.catchPrologue);
        break;
      case 0x0b: // end
        if (depth === 0) {
          flush(reader.pos);
          if (rewrite.blockEpilogue) writer.bytes(rewrite.blockEpilogue).u8(0x0b);
          return;
        }
        depth--;
        break;
      case 0x18: // delegate: ends a try
        reader.u32();
        if (depth === 0) reader.fail('delegate outside a try', 'malformed', at);
        depth--;
        break;
      case 0x07: // catch tag
        reader.u32();
        insert(reader.pos, rewrite.catchPrologue);
        break;
      case 0x08: // throw tag
      case 0x09: // rethrow label
      case 0x0c: // br
      case 0x0d: // br_if
      case 0x20: // local.get
      case 0x21: // local.set
      case 0x22: // local.tee
      case 0x23: // global.get
      case 0x24: // global.set
      case 0x25: // table.get
      case 0x26: // table.set
      case 0x3f: // memory.size
      case 0x40: // memory.grow
        reader.u32();
        break;
      case 0x0e: {
        // br_table
        const count = reader.u32();
        for (let i = 0; i <= count; i++) reader.u32();
        break;
      }
      case 0x10: // call
      case 0x12: // return_call
      case 0xd2: {
        // ref.func
        const index = reader.u32();
        flush(at);
        if (op === 0x12 && rewrite.beforeReturn) writer.bytes(rewrite.beforeReturn);
        writer.u8(op).u32(rewrite.functionIndex(index));
        copied = reader.pos;
        break;
      }
      case 0x11: // call_indirect type table
        reader.u32();
        reader.u32();
        break;
      case 0x13: // return_call_indirect type table
        insert(at, rewrite.beforeReturn);
        reader.u32();
        reader.u32();
        break;
      case 0x1c: {
        // select t*
        const count = reader.u32();
        for (let i = 0; i < count; i++) readValueType(reader);
        break;
      }
      case 0x41: // i32.const
        reader.skipLeb(5);
        break;
      case 0x42: // i64.const
        reader.skipLeb(10);
        break;
      case 0x43: // f32.const
        reader.take(4);
        break;
      case 0x44: // f64.const
        reader.take(8);
        break;
      case 0xd0: // ref.null
        readReferenceType(reader);
        break;
      case 0xfc:
        skipPrefixFC(reader, at);
        break;
      case 0xfd:
        skipPrefixFD(reader, at);
        break;
      case 0xfe:
        reader.fail('threads/atomics instructions (0xFE) are not supported', 'unsupported', at);
        break;
      case 0xfb:
        reader.fail('GC instructions (0xFB) are not supported', 'unsupported', at);
        break;
      case 0x0a: // throw_ref
      case 0x1f: // try_table
        reader.fail('exception handling with exnref is not supported', 'unsupported', at);
        break;
      case 0x14: // call_ref
      case 0x15: // return_call_ref
      case 0xd3: // ref.eq
      case 0xd4: // ref.as_non_null
      case 0xd5: // br_on_null
      case 0xd6: // br_on_non_null
        reader.fail('typed function references are not supported', 'unsupported', at);
        break;
      default:
        if (op >= 0x28 && op <= 0x3e) {
          skipMemArg(reader); // loads and stores
        } else if (op < 0x45 || op > 0xc4) {
          // 0x45..0xC4: numeric instructions without immediates (incl. sign extension)
          reader.fail(`unknown opcode 0x${op.toString(16)}`, 'malformed', at);
        }
    }
  }
}
