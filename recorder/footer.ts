import type { RunOutcome } from '../sim/outcome.js';
import {
  SchemaError,
  checkOutcome,
  digestFromWire,
  digestToWire,
  expected,
  hexDigest,
  outcomeFromWire,
  outcomeToWire,
  plainRecord,
  wireArray,
} from './fields.js';

/** The last chunk of a finished trace: how many events, their digest, and how the run ended. */
export interface TraceFooter {
  readonly eventCount: number;
  /** SHA-256 (hex) of the event chunk payloads, in order (see `TraceDigest`). */
  readonly digest: string;
  readonly outcome: RunOutcome;
}

function eventCount(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  // Any spelling of an admitted type (FORMAT.md): an int 64 or uint 64 decodes as a bigint.
  if (typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  throw expected('an event count', value);
}

function field<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof SchemaError ? new SchemaError(`${name}: ${error.message}`) : error;
  }
}

/** A footer checked and rebuilt (outcome keys in declaration order), as the writer keeps it. Throws `SchemaError`. */
export function checkFooter(value: TraceFooter): TraceFooter {
  const o = plainRecord(value, 'a footer object');
  return {
    eventCount: field('eventCount', () => eventCount(o.eventCount)),
    digest: field('digest', () => hexDigest(o.digest)),
    outcome: field('outcome', () => checkOutcome(o.outcome)),
  };
}

/** The footer's wire array, `[eventCount, digest, outcome]`, from checked parts, the digest as its 32 bytes. */
export function footerWire(eventCount: number, digest: Uint8Array, outcome: RunOutcome): unknown[] {
  return [eventCount, digest, outcomeToWire(outcome)];
}

/** The footer's wire array. Throws `SchemaError`. */
export function footerToWire(value: TraceFooter): unknown[] {
  const footer = checkFooter(value);
  return footerWire(footer.eventCount, digestToWire(footer.digest), footer.outcome);
}

/** A footer rebuilt from its decoded wire array. Throws `SchemaError`. */
export function footerFromWire(value: unknown): TraceFooter {
  const a = wireArray(value, 'a footer array', 3);
  return {
    eventCount: field('eventCount', () => eventCount(a[0])),
    digest: field('digest', () => digestFromWire(a[1])),
    outcome: field('outcome', () => outcomeFromWire(a[2])),
  };
}
