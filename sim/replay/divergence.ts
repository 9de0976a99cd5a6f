import type { TraceEvent } from '../events.js';
import { describeEvent, eventDifferences, fieldDifferences, type FieldDifference } from './equal.js';

/**
 * Where a replay stopped matching its trace: the index of the first differing event,
 * the recorded and the actual event (either may be missing: the run ended early or
 * went on), and the events before it, for context.
 */
export class DivergenceError extends Error {
  override readonly name = 'DivergenceError';
  constructor(
    readonly index: number,
    readonly expected: TraceEvent | undefined,
    readonly actual: TraceEvent | undefined,
    readonly preceding: readonly TraceEvent[],
  ) {
    super(divergenceMessage(index, expected, actual));
  }

  /** The differing fields, when both sides have an event (byte fields with their first differing offset). */
  differences(): FieldDifference[] {
    return this.expected !== undefined && this.actual !== undefined ? fieldDifferences(this.expected, this.actual) : [];
  }

  /** A multi-line report: context, then expected and actual, then the differing fields. */
  report(): string {
    const lines = this.preceding.map((e, i) => `  #${this.index - this.preceding.length + i}  ${describeEvent(e)}`);
    lines.push(`- #${this.index}  expected ${this.expected === undefined ? '(end of trace)' : describeEvent(this.expected)}`);
    lines.push(`+ #${this.index}  actual   ${this.actual === undefined ? '(end of run)' : describeEvent(this.actual)}`);
    if (this.expected !== undefined && this.actual !== undefined) {
      for (const d of eventDifferences(this.expected, this.actual)) lines.push(`    ${d}`);
    }
    return lines.join('\n');
  }
}

function divergenceMessage(index: number, expected: TraceEvent | undefined, actual: TraceEvent | undefined): string {
  if (expected === undefined) return `run diverges at event #${index}: the trace ends, the run goes on with ${actual?.t ?? '?'}`;
  if (actual === undefined) return `run diverges at event #${index}: the run ends, the trace goes on with ${expected.t}`;
  const diffs = eventDifferences(expected, actual);
  return `run diverges at event #${index} (${expected.t}): ${diffs.join('; ')}`;
}
