/** A trace file re-encoded after an edit: how a hand-edited or foreign trace is made for a test. */
import { writeFileSync } from 'node:fs';
import { memoryTarget, readTraceFile, TraceWriter } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import type { RunOutcome } from '../../sim/outcome.js';

export interface EditableTrace {
  events: TraceEvent[];
  /** The footer's outcome. */
  outcome: RunOutcome;
}

export function editTrace(from: string, to: string, edit: (t: EditableTrace) => void): void {
  const trace = readTraceFile(from);
  const t: EditableTrace = { events: [...trace.events], outcome: trace.footer.outcome };
  edit(t);
  const writer = new TraceWriter(trace.header, memoryTarget());
  for (const e of t.events) writer.emit(e);
  writeFileSync(to, writer.finish(t.outcome));
}
