import { createHash, type Hash } from 'node:crypto';

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
  private readonly hash: Hash = createHash('sha256');
  private result: string | undefined;

  update(payload: Uint8Array): void {
    if (this.result !== undefined) throw new Error('TraceDigest: update after hex()');
    this.hash.update(payload);
  }

  /** The digest so far; after this, `update` throws. */
  hex(): string {
    this.result ??= this.hash.digest('hex');
    return this.result;
  }
}

/** The digest of `payloads`, in order. */
export function traceDigest(payloads: Iterable<Uint8Array>): string {
  const digest = new TraceDigest();
  for (const payload of payloads) digest.update(payload);
  return digest.hex();
}
