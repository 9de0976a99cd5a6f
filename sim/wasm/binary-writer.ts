/** An append-only byte buffer with the Wasm binary encodings (LEB128, names). */

const utf8 = new TextEncoder();

export class BinaryWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  get size(): number {
    return this.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  u8(byte: number): this {
    this.reserve(1);
    this.buffer[this.length++] = byte & 0xff;
    return this;
  }

  bytes(bytes: Uint8Array | readonly number[]): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** Unsigned LEB128 of a 32-bit value. */
  u32(value: number): this {
    let rest = value >>> 0;
    do {
      const byte = rest & 0x7f;
      rest >>>= 7;
      this.u8(rest === 0 ? byte : byte | 0x80);
    } while (rest !== 0);
    return this;
  }

  /** Signed LEB128 of a 64-bit value. */
  s64(value: bigint): this {
    let rest = BigInt.asIntN(64, value);
    for (;;) {
      const byte = Number(rest & 0x7fn);
      rest >>= 7n;
      const done = (rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  /** A length-prefixed UTF-8 name. */
  name(text: string): this {
    const encoded = utf8.encode(text);
    return this.u32(encoded.length).bytes(encoded);
  }

  /** `bytes` prefixed by its length, as sections and bodies are framed. */
  sized(bytes: Uint8Array): this {
    return this.u32(bytes.length).bytes(bytes);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
