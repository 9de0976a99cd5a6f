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

test('sinks over the same observes lists share routing but each calls its own checkers; other lists route afresh', (t) => {
  const logsOnly: readonly TraceEventTag[] = ['log'];
  const framesAndLogs: readonly TraceEventTag[] = ['frame', 'log'];
  const run = (invariants: (seen: string[]) => Invariant[]): string[] => {
    const seen: string[] = [];
    const sink = new InvariantSink(invariants(seen), new SimScheduler(new FifoSelector()));
    for (const e of [frame(0), log('x'), draw(1)]) sink.emit(e);
    return seen;
  };
  const first = run((seen) => [spy('a', seen, logsOnly), spy('b', seen, framesAndLogs)]);
  // the same arrays again (as every run of a scenario has): the same routes, these checkers
  const second = run((seen) => [spy('c', seen, logsOnly), spy('d', seen, framesAndLogs)]);
  t.deepEqual(first, ['b:frame', 'a:log', 'b:log']);
  t.deepEqual(second, ['d:frame', 'c:log', 'd:log']);
  // swapped, fewer, or observing everything: worked out again
  t.deepEqual(run((seen) => [spy('e', seen, framesAndLogs), spy('f', seen, logsOnly)]), ['e:frame', 'e:log', 'f:log']);
  t.deepEqual(run((seen) => [spy('g', seen, framesAndLogs)]), ['g:frame', 'g:log']);
  t.deepEqual(run((seen) => [spy('h', seen), spy('i', seen, logsOnly)]), ['h:frame', 'h:log', 'i:log', 'h:draw.latency']);
  t.deepEqual(run((seen) => [spy('j', seen, framesAndLogs), spy('k', seen)]), ['j:frame', 'k:frame', 'j:log', 'k:log', 'k:draw.latency']);
});
