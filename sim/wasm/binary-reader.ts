/**
 * A bounds-checked cursor over a Wasm binary: LEB128 integers, bytes and names.
 *
 * Gotchas: every read past `end` throws {@link WasmDecodeError}; `skipLeb`
 * checks only the length of an encoding, not that its value fits the type.
 */

/** Why a binary could not be decoded: it is broken, or uses a feature we do not handle. */
export type WasmDecodeProblem = 'malformed' | 'unsupported';

/** A decoding failure at a byte offset of the input. */
export class WasmDecodeError extends Error {
  override readonly name = 'WasmDecodeError';

  constructor(
    message: string,
    readonly offset: number,
    readonly problem: WasmDecodeProblem = 'malformed',
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

// ignoreBOM: a leading U+FEFF is part of a name (TextDecoder drops it by default, which
// would merge `\u{feff}echo` into `echo`).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class BinaryReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end: number = bytes.length,
  ) {
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, problem: WasmDecodeProblem = 'malformed', offset: number = this.pos): never {
    throw new WasmDecodeError(message, offset, problem);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of input');
    return this.bytes[this.pos++] as number;
  }

  peekU8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of input');
    return this.bytes[this.pos] as number;
  }

  /** The next `length` bytes, as a view (not a copy). */
  take(length: number): Uint8Array {
    if (length < 0 || this.pos + length > this.end) this.fail(`length ${length} runs past the end`);
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  /** A reader over the next `length` bytes; this reader moves past them. */
  sub(length: number): BinaryReader {
    const start = this.pos;
    this.take(length);
    return new BinaryReader(this.bytes, start, start + length);
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      if (shift === 28 && byte & 0x70) this.fail('u32 LEB128 out of range', 'malformed', start);
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
    return this.fail('u32 LEB128 too long', 'malformed', start);
  }

  /** Signed LEB128 of at most 33 bits (block types); returns a safe integer. */
  s33(): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) result -= scale;
        return result;
      }
    }
    return this.fail('s33 LEB128 too long', 'malformed', start);
  }

  /** Skips one LEB128 value of at most `maxBytes` bytes. */
  skipLeb(maxBytes: number): void {
    const start = this.pos;
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    this.fail('LEB128 too long', 'malformed', start);
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const start = this.pos;
    const bytes = this.take(this.u32());
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail('name is not valid UTF-8', 'malformed', start);
    }
  }
}
