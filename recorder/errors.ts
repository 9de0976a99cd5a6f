/**
 * Why a trace could not be read, as data: `reason` for programs, `offset` (the byte in
 * the trace where reading stopped) and a message for people.
 */
export type TraceFormatErrorReason =
  /** The first 8 bytes are not `ARKTRACE`: not a trace at all. */
  | 'bad-magic'
  /** A format version this reader does not know (the message lists the ones it does). */
  | 'unsupported-version'
  /** A chunk's bytes do not match its CRC-32: the file was damaged. */
  | 'crc-mismatch'
  /** The bytes end inside the prologue, a chunk header or a chunk payload. */
  | 'truncated'
  /** A chunk that is out of place, of an unknown kind, or whose payload is not the allowed MessagePack subset. */
  | 'bad-chunk'
  /** A decoded header, event or footer does not fit its schema. */
  | 'bad-event'
  /** A length, count or nesting depth beyond `TRACE_LIMITS`; rejected before anything is decoded. */
  | 'limit-exceeded'
  /** Every chunk is whole but there is no footer: the recording did not finish. */
  | 'missing-footer'
  /** The footer's digest is not the SHA-256 of the event chunk payloads. */
  | 'digest-mismatch'
  /** The footer's event count is not the number of events read. */
  | 'count-mismatch';

/** A trace that is not well formed. Readers throw (or, for prefixes, return) only this. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  readonly reason: TraceFormatErrorReason;
  /** Byte offset in the trace where the problem was found. */
  readonly offset: number;

  constructor(reason: TraceFormatErrorReason, offset: number, detail: string) {
    super(`trace byte ${offset}: ${detail} (${reason})`);
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * `readTraceFile` found no trace at a path but found the `.partial` file a writer leaves
 * while it records: the run was interrupted (or is still running).
 */
export class TracePartialOnlyError extends Error {
  override readonly name = 'TracePartialOnlyError';
  readonly code = 'ENOENT';
  readonly path: string;
  readonly partialPath: string;

  constructor(path: string, partialPath: string, cause: unknown) {
    super(
      `no trace at ${path}, but ${partialPath} exists: the recording did not finish ` +
        `(its complete chunks are readable with readTracePrefix or \`arksim inspect ${partialPath}\`)`,
      { cause },
    );
    this.path = path;
    this.partialPath = partialPath;
  }
}
