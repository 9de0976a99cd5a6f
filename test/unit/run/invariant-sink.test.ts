/** InvariantSink: which checkers see which events, in what order, and what ends a run. */
import test from 'ava';
import type { TraceEvent, TraceEventTag } from '../../../sim/events.js';
import type { ModuleRunHost } from '../../../sim/host/api.js';
import type { Invariant } from '../../../sim/invariants/invariant.js';
import { InvariantSink } from '../../../sim/invariants/invariant-sink.js';
import { FifoSelector } from '../../../sim/scheduler/selectors/fifo.js';
import { SimScheduler } from '../../../sim/scheduler/sim-scheduler.js';

const frame = (index: number): TraceEvent => ({ t: 'frame', at: 0, index });
const log = (message: string): TraceEvent => ({ t: 'log', at: 0, module: 'guest', message });
const draw = (value: number): TraceEvent => ({ t: 'draw.latency', at: 0, value });

/** An invariant that records what it saw in `seen` and fails on a log saying `fail <name>`. */
function spy(name: string, seen: string[], observes?: readonly TraceEventTag[]): Invariant {
  return {
    name,
    description: name,
    ...(observes === undefined ? {} : { observes }),
    create: () => ({
      observe: (e) => {
        seen.push(`${name}:${e.t}`);
        return e.t === 'log' && e.message === `fail ${name}` ? `${name}: failed` : undefined;
      },
      finish: () => (seen.includes(`${name}:finish-fails`) ? 'bare detail' : undefined),
    }),
  };
}

test('each checker sees only the tags it declares; one that declares none sees all, in invariant order', (t) => {
  const seen: string[] = [];
  const sink = new InvariantSink([spy('all', seen), spy('logs', seen, ['log']), spy('frames', seen, ['frame', 'log'])], new SimScheduler(new FifoSelector()));
  for (const e of [frame(0), draw(5), log('x'), frame(1)]) sink.emit(e);
  t.deepEqual(seen, ['all:frame', 'frames:frame', 'all:draw.latency', 'all:log', 'logs:log', 'frames:log', 'all:frame', 'frames:frame']);
});

test('the first violation aborts the run; later checkers and events are not consulted', (t) => {
  const seen: string[] = [];
  const scheduler = new SimScheduler(new FifoSelector());
  const sink = new InvariantSink([spy('a', seen, ['log']), spy('b', seen, ['log'])], scheduler);
  sink.emit(log('fail a'));
  sink.emit(log('later'));
  t.deepEqual(seen, ['a:log']);
  t.deepEqual(scheduler.abortedWith, { kind: 'failure', reason: 'invariant', message: 'a: failed' });
});

test("finish names the invariant when the checker's message does not", (t) => {
  const seen = ['b:finish-fails'];
  const sink = new InvariantSink([spy('a', seen), spy('b', seen)], new SimScheduler(new FifoSelector()));
  t.is(sink.finish({} as ModuleRunHost), 'b: bare detail');
});
