import { createHash, hash, type Hash } from 'node:crypto';

/**
 * The trace digest: SHA-256, in lowercase hex, of the event chunk payloads in file order
 * (payload bytes only, not the chunk headers). It identifies a run's events as recorded:
 * golden traces pin it and derived traces name their parent by it.
 *
 * Gotchas: chunk boundaries are part of the payload bytes, so the same events flushed
 * every N events and every M events have different digests; compare digests of traces
 * written with the same `flushEvery` (the default, 512, unless there is a reason).
 */
export class TraceDigest {
  /**
   * The only payload so far, not yet hashed: most traces have one event chunk, and
   * hashing it in one call at the end is cheaper than a Hash object (a native handle per
   * trace, which every garbage collection in the run then pays for). A Hash is made for
   * the second payload. Payloads must therefore not change until the digest is taken.
   */
  private first: Uint8Array | undefined;
  private hash: Hash | undefined;
  private result: string | undefined;

  update(payload: Uint8Array): void {
    if (this.result !== undefined) throw new Error('TraceDigest: update after the digest was taken');
    if (this.hash !== undefined) {
      this.hash.update(payload);
    } else if (this.first === undefined) {
      this.first = payload;
    } else {
      this.hash = createHash('sha256').update(this.first).update(payload);
      this.first = undefined;
    }
  }

  /** The digest so far, in hex; after this, `update` throws. */
  hex(): string {
    this.result ??= this.hash !== undefined ? this.hash.digest('hex') : hash('sha256', this.first ?? new Uint8Array(0), 'hex');
    this.first = undefined;
    return this.result;
  }

  /** The digest so far, as 32 new bytes; after this, `update` throws. */
  bytes(): Uint8Array {
    const hex = this.hex();
    const bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
    return bytes;
  }
}

/** The value of a lowercase hex digit's character code. */
function nibble(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

/** The digest of `payloads`, in order. */
export function traceDigest(payloads: Iterable<Uint8Array>): string {
  const digest = new TraceDigest();
  for (const payload of payloads) digest.update(payload);
  return digest.hex();
}
