/**
 * The stack can run out inside `emit` (sim/stack.ts): the writer drops the event it was
 * writing and stays open, so the run can record its outcome. Whatever event of a chunk
 * it was (the first opens the chunk), the trace stays readable and holds every other event.
 */
import test from 'ava';
import type { TraceEvent } from '../../../sim/events.js';
import { memoryTarget, readTrace, TraceWriter } from '../../../recorder/index.js';
import { eventsKey } from './craft.js';
import { sampleHeader, sampleRun } from './fixtures.js';

/** An event whose encoding runs out of stack, as deep recursion would. */
const overflowing = (): TraceEvent =>
  ({
    t: 'frame',
    get at(): number {
      throw new RangeError('Maximum call stack size exceeded');
    },
    index: 0,
  }) as unknown as TraceEvent;

for (const [label, position] of [
  ['the first event of the trace', 0],
  ['the first event of a later chunk', 4],
  ['an event inside a chunk', 6],
  ['the last event before finish', 10],
] as const) {
  test(`a stack overflow while writing ${label}: that event is dropped, the trace is whole`, (t) => {
    const events = sampleRun(10, 1).slice(0, 10);
    const writer = new TraceWriter(sampleHeader(), memoryTarget(), { flushEvery: 4 });
    events.forEach((e, i) => {
      if (i === position) t.throws(() => writer.emit(overflowing()), { instanceOf: RangeError });
      writer.emit(e);
    });
    if (position === events.length) t.throws(() => writer.emit(overflowing()), { instanceOf: RangeError });
    t.is(writer.eventCount, events.length);
    const trace = readTrace(writer.finish({ kind: 'pass' }));
    t.is(eventsKey(trace.events), eventsKey(events));
    t.is(trace.footer.eventCount, events.length);
  });
}
