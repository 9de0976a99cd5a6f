import type { RunOutcome } from '../sim/outcome.js';
import { SchemaError, expected, outcomeFromWire, outcomeToWire, plainRecord } from './fields.js';
import { hexDigest } from './header.js';

/** The last chunk of a finished trace: how many events, their digest, and how the run ended. */
export interface TraceFooter {
  readonly eventCount: number;
  /** SHA-256 (hex) of the event chunk payloads, in order (see `TraceDigest`). */
  readonly digest: string;
  readonly outcome: RunOutcome;
}

function eventCount(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw expected('an event count', value);
}

function field<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof SchemaError ? new SchemaError(`${name}: ${error.message}`) : error;
  }
}

function footer(value: unknown, outcome: (v: unknown) => RunOutcome): TraceFooter {
  const o = plainRecord(value, 'a footer object');
  return {
    eventCount: field('eventCount', () => eventCount(o.eventCount)),
    digest: field('digest', () => hexDigest(o.digest)),
    outcome: field('outcome', () => outcome(o.outcome)),
  };
}

/** The footer the writer packs. Throws `SchemaError`. */
export function footerToWire(value: TraceFooter): TraceFooter {
  return footer(value, outcomeToWire);
}

/** A footer rebuilt from a decoded value. Throws `SchemaError`. */
export function footerFromWire(value: unknown): TraceFooter {
  return footer(value, outcomeFromWire);
}
