/** Two traces compared: header differences, and the first event at which they part. */
import type { Trace } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { describeOutcome } from '../../sim/outcome.js';
import { describeFieldDifference, equalValues, fieldDifferences, type FieldDifference } from '../../sim/replay/equal.js';
import { headerDifferences, type HeaderDifference } from './header.js';

export interface TraceDiff {
  /** Same events and the same outcome; header differences alone do not make two runs differ. */
  readonly identical: boolean;
  readonly headerDifferences: readonly HeaderDifference[];
  readonly outcomes: { readonly a: string; readonly b: string };
  readonly lengths: { readonly a: number; readonly b: number };
  /** The first differing event index: where one trace has another event, or has none. */
  readonly index?: number;
  /** A's event there (`undefined`: A ends there). */
  readonly expected?: TraceEvent;
  /** B's event there (`undefined`: B ends there). */
  readonly actual?: TraceEvent;
  /** `field: a → b` for each field that differs, when both have an event there (bytes: `field: differs at byte N …`). */
  readonly differences: readonly string[];
  /** The same differences as data: byte fields with their first differing offset and a window of each side. */
  readonly fields: readonly FieldDifference[];
}

/** The index of the first event that differs, or `undefined` when the event lists are equal. */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!equalValues(a[i], b[i])) return i;
  return a.length === b.length ? undefined : n;
}

/** How `b` differs from `a` (the reference): header fields, outcomes, and the first differing event. */
export function diffTraces(a: Trace, b: Trace): TraceDiff {
  const index = firstDivergence(a.events, b.events);
  const outcomes = { a: describeOutcome(a.footer.outcome), b: describeOutcome(b.footer.outcome) };
  const base = {
    headerDifferences: headerDifferences(a.header, b.header),
    outcomes,
    lengths: { a: a.events.length, b: b.events.length },
  };
  if (index === undefined) {
    // Equal events almost always mean an equal outcome; a hand-edited footer is the exception.
    return { ...base, identical: equalValues(a.footer.outcome, b.footer.outcome), differences: [], fields: [] };
  }
  const expected = a.events[index];
  const actual = b.events[index];
  const fields = expected !== undefined && actual !== undefined ? fieldDifferences(expected, actual) : [];
  return {
    ...base,
    identical: false,
    index,
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
    differences: fields.map(describeFieldDifference),
    fields,
  };
}
