/**
 * Every sink of a run holds the same events, even when the stack runs out half-way
 * through handing one out (sim/stack.ts): the sinks after the one that overflowed get
 * that event before the next, as the recorder's trace must match what the others saw.
 */
import test from 'ava';
import type { EventSink, TraceEvent } from '../../../sim/events.js';
import { FanoutSink } from '../../../sim/run/context.js';

const frame = (index: number): TraceEvent => ({ t: 'frame', at: index, index });
const overflow = (): RangeError => new RangeError('Maximum call stack size exceeded');

class Collect implements EventSink {
  readonly events: TraceEvent[] = [];
  /** Indexes of events whose first delivery runs out of stack. */
  constructor(private readonly overflowsOn: ReadonlySet<number> = new Set()) {}
  private failed = new Set<number>();
  emit(e: TraceEvent): void {
    const index = (e as { index: number }).index;
    if (this.overflowsOn.has(index) && !this.failed.has(index)) {
      this.failed.add(index);
      throw overflow();
    }
    this.events.push(e);
  }
}

test('an event the stack ran out handing out reaches the remaining sinks before the next one', (t) => {
  const sinks = [new Collect(), new Collect(new Set([1])), new Collect()];
  const fanout = new FanoutSink([...sinks]);
  fanout.emit(frame(0));
  t.throws(() => fanout.emit(frame(1)), { instanceOf: RangeError });
  t.deepEqual(sinks.map((s) => s.events.length), [2, 1, 1], 'the first sink has it, the others not yet');
  fanout.emit(frame(2));
  for (const s of sinks) t.deepEqual(s.events, [frame(0), frame(1), frame(2)]);
  t.is(fanout.count, 3);
});

test('running out again while handing out the torn event keeps it torn from that sink on', (t) => {
  const sinks = [new Collect(), new Collect(new Set([1])), new Collect(new Set([1]))];
  const fanout = new FanoutSink([...sinks]);
  t.throws(() => fanout.emit(frame(1)), { instanceOf: RangeError });
  t.throws(() => fanout.emit(frame(2)), { instanceOf: RangeError }, 'the third sink overflows on the retry');
  fanout.emit(frame(3));
  // Event 2's emit threw before handing it to anyone: no sink has it.
  for (const s of sinks) t.deepEqual(s.events, [frame(1), frame(3)]);
  t.is(fanout.count, 2);
});

test('other errors are not retried: they end the run as they are', (t) => {
  const failing: EventSink = {
    emit: () => {
      throw new TypeError('bad event');
    },
  };
  const after = new Collect();
  const fanout = new FanoutSink([failing, after]);
  t.throws(() => fanout.emit(frame(0)), { instanceOf: TypeError });
  t.throws(() => fanout.emit(frame(1)), { instanceOf: TypeError });
  t.deepEqual(after.events, []);
});

test('after close nothing is delivered, a torn event neither', (t) => {
  const sinks = [new Collect(), new Collect(new Set([0]))];
  const fanout = new FanoutSink([...sinks]);
  t.throws(() => fanout.emit(frame(0)), { instanceOf: RangeError });
  fanout.close();
  fanout.emit(frame(1));
  t.deepEqual(sinks.map((s) => s.events.length), [1, 0]);
});
