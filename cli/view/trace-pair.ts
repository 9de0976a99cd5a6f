/**
 * Two trace files read side by side, for `diff`, each to its end (a good trace is one
 * whose footer, at the end, vouches for every event) but keeping only what `walk` keeps.
 * They are refused as reading them one after the other refused them: A's problem first
 * (a file that cannot be opened or read, or damage anywhere in it), then B's, each with
 * the recorder's message; so what B's read throws waits until A has been read through.
 */
import { TracePartialOnlyError, type TraceVisit } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { UsageError } from '../errors.js';
import type { EventStream, TraceSummary } from './diff.js';
import { closeTrace, cursorOf, openTrace, type TraceCursor, type TraceFile } from './trace-stream.js';

/** A missing trace with a `.partial` beside it, in the recorder's words (`readTraceFile`'s), as diff has said it: diff refuses a partial, so it does not point at one as inspect does. */
const partialOnly = (path: string, partial: string): string => `${path}: ${new TracePartialOnlyError(path, partial, undefined).message}`;

/** B's side: a read that throws ends there, the error kept for when A has been read through. */
class Guarded implements EventStream {
  failure: { readonly error: unknown } | undefined;
  constructor(private readonly cursor: TraceCursor) {}

  next(): TraceEvent | undefined {
    if (this.failure !== undefined) return undefined;
    try {
      return this.cursor.next();
    } catch (error) {
      this.failure = { error };
      return undefined;
    }
  }

  visit(): TraceVisit {
    return this.cursor.visit();
  }
}

/** A file that could not be opened, as a read that fails at once. */
function unopened(error: unknown): TraceCursor {
  const fail = (): never => {
    throw error;
  };
  return { next: fail, visit: fail };
}

function drain(side: EventStream): void {
  while (side.next() !== undefined) continue;
}

/** A whole read's findings, or the one-line refusal of a damaged or unfinished trace. */
function summary(path: string, read: TraceVisit): TraceSummary {
  if (read.error !== undefined) throw new UsageError(`${path}: ${read.error.message}`);
  // Without an error the read has seen both.
  return { header: read.header!, footer: read.footer!, eventCount: read.eventCount };
}

/**
 * Reads the traces at `pathA` and `pathB` together through `walk`, then each to its end.
 * Throws `UsageError` for a trace that cannot be read or is not whole, A's first.
 */
export function readTracePair<T>(pathA: string, pathB: string, walk: (a: EventStream, b: EventStream) => T): { a: TraceSummary; b: TraceSummary; walked: T } {
  const fileA = openTrace(pathA, partialOnly);
  try {
    let fileB: TraceFile | undefined;
    let cursorB: TraceCursor;
    try {
      fileB = openTrace(pathB, partialOnly);
      cursorB = cursorOf(fileB);
    } catch (error) {
      cursorB = unopened(error);
    }
    try {
      const a = cursorOf(fileA);
      const b = new Guarded(cursorB);
      const walked = walk(a, b);
      drain(a);
      const summaryA = summary(pathA, a.visit());
      drain(b);
      if (b.failure !== undefined) throw b.failure.error;
      return { a: summaryA, b: summary(pathB, b.visit()), walked };
    } finally {
      if (fileB !== undefined) closeTrace(fileB);
    }
  } finally {
    closeTrace(fileA);
  }
}
