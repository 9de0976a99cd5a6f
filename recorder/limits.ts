/**
 * Bounds a reader enforces before it decodes anything, so a hostile or corrupt trace
 * fails with `limit-exceeded` instead of exhausting memory or the stack. Writers keep
 * within the same bounds (and throw when an event cannot fit), so every trace a writer
 * finishes is readable with the defaults. Together with the shapes (shape.ts: where a
 * payload may hold arrays and byte strings, each of which decodes to an object), they
 * bound what decoding allocates to about ten times the encoded size.
 */
export interface TraceLimits {
  /** Largest chunk payload, in bytes. Checked against the chunk header before the payload is touched. */
  readonly maxChunkBytes: number;
  /** Most events in one event chunk (the writer's `flushEvery` may not exceed it). */
  readonly maxEventsPerChunk: number;
  /**
   * Most events in a whole trace. A decoded event takes roughly ten times its encoded
   * size in memory, so this bounds what reading a trace can allocate; raise it to read a
   * longer run.
   */
  readonly maxTotalEvents: number;
  /** Deepest nesting of arrays; a trace needs 3 (chunk array, event, event field). */
  readonly maxDepth: number;
  /** Longest string, in UTF-8 bytes (log and fault messages are the long ones). */
  readonly maxStringBytes: number;
  /** Longest byte string (`input`/`output` of launches and retrievals). */
  readonly maxBinBytes: number;
  /**
   * Most items in one array: an event's list (a scheduling decision's candidates, a
   * rejected call's arguments), a header's list of Wasm files. Without it one legal
   * event could hold tens of millions of numbers, which decode slowly into gigabytes.
   */
  readonly maxArrayItems: number;
}

/** The default limits (traces/FORMAT.md, "Limits"). */
export const TRACE_LIMITS: TraceLimits = Object.freeze({
  maxChunkBytes: 64 * 1024 * 1024,
  maxEventsPerChunk: 65_536,
  maxTotalEvents: 10_000_000,
  maxDepth: 8,
  maxStringBytes: 1024 * 1024,
  maxBinBytes: 16 * 1024 * 1024,
  maxArrayItems: 1024 * 1024,
});

/** The defaults with some bounds replaced; every bound must be a positive integer. */
export function resolveLimits(overrides: Partial<TraceLimits> | undefined): TraceLimits {
  if (overrides === undefined) return TRACE_LIMITS;
  const limits: TraceLimits = { ...TRACE_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`trace limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return Object.freeze(limits);
}
