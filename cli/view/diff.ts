/**
 * Two traces compared as they are read side by side, an event of each at a time: header
 * differences, and the first event at which they part with the events around it. What is
 * kept is that window, not the traces (two 6M-event traces held whole took 4.1 GB).
 */
import type { TraceFooter, TraceHeader } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { describeOutcome } from '../../sim/outcome.js';
import { describeFieldDifference, equalValues, fieldDifferences, type FieldDifference } from '../../sim/replay/equal.js';
import type { TraceContext } from './context.js';
import { headerDifferences, type HeaderDifference } from './header.js';
import { Recent } from './recent.js';

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

/** One side of a comparison: its events in order, one a call, `undefined` once there are no more. */
export interface EventStream {
  next(): TraceEvent | undefined;
}

/** Where two traces part, with the events around it. */
export interface Divergence {
  /** The first differing event index. */
  readonly index: number;
  /** The equal events just before `index` (A's), up to `context` of them: from `index - before.length`. */
  readonly before: readonly TraceEvent[];
  /** Each side's events from `index` on, up to `context` + 1 (none: that trace ends at `index`). */
  readonly afterA: readonly TraceEvent[];
  readonly afterB: readonly TraceEvent[];
}

/** Up to `n` more events of `s`. */
function take(s: EventStream, n: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  while (out.length < n) {
    const e = s.next();
    if (e === undefined) break;
    out.push(e);
  }
  return out;
}

/**
 * Reads `a` and `b` together to their first differing event and `context` events past it,
 * or to their ends when they have the same events (`undefined`). Keeps the last `context`
 * equal events, never more; `described`, when given, observes the ones before them (so
 * it can describe the window: diff's table does, its JSON needs no context).
 */
export function findDivergence(a: EventStream, b: EventStream, context: number, described?: TraceContext): Divergence | undefined {
  const before = new Recent<TraceEvent>(context);
  for (let index = 0; ; index++) {
    const x = a.next();
    const y = b.next();
    if (x === undefined && y === undefined) return undefined;
    if (x === undefined || y === undefined || !equalValues(x, y)) {
      return {
        index,
        before: before.toArray(),
        afterA: x === undefined ? [] : [x, ...take(a, context)],
        afterB: y === undefined ? [] : [y, ...take(b, context)],
      };
    }
    const out = before.push(x);
    if (out !== undefined) described?.observe(out);
  }
}

/** What a whole read of a good trace found besides its events. */
export interface TraceSummary {
  readonly header: TraceHeader;
  readonly footer: TraceFooter;
  readonly eventCount: number;
}

/** How `b` differs from `a` (the reference): header fields, outcomes, and the first differing event (`d`, from findDivergence). */
export function diffTraces(a: TraceSummary, b: TraceSummary, d: Divergence | undefined): TraceDiff {
  const base = {
    headerDifferences: headerDifferences(a.header, b.header),
    outcomes: { a: describeOutcome(a.footer.outcome), b: describeOutcome(b.footer.outcome) },
    lengths: { a: a.eventCount, b: b.eventCount },
  };
  if (d === undefined) {
    // Equal events almost always mean an equal outcome; a hand-edited footer is the exception.
    return { ...base, identical: equalValues(a.footer.outcome, b.footer.outcome), differences: [], fields: [] };
  }
  const expected = d.afterA[0];
  const actual = d.afterB[0];
  const fields = expected !== undefined && actual !== undefined ? fieldDifferences(expected, actual) : [];
  return {
    ...base,
    identical: false,
    index: d.index,
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
    differences: fields.map(describeFieldDifference),
    fields,
  };
}
