/**
 * Determinism is enforced, not hoped for: while a full run executes, every ambient
 * source of time or randomness throws. The run must not notice, and must produce the
 * same events as an unpoisoned run.
 */
import test from 'ava';
import { catalogue } from '../../scenarios/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { runSimulation, type RunResult } from '../../sim/run/run.js';
import { eventsJson } from '../helpers/harness.js';

type Poisonable = { readonly target: object; readonly key: string };

const poisoned: Poisonable[] = [
  { target: Date, key: 'now' },
  { target: Math, key: 'random' },
  { target: performance, key: 'now' },
  { target: globalThis, key: 'setTimeout' },
  { target: globalThis, key: 'setInterval' },
  { target: globalThis, key: 'setImmediate' },
  { target: globalThis, key: 'queueMicrotask' },
  { target: process, key: 'hrtime' },
  { target: crypto, key: 'randomUUID' },
  { target: crypto, key: 'getRandomValues' },
];

function withPoisonedGlobals<T>(f: () => T): { value: T; touched: string[] } {
  const touched: string[] = [];
  const saved = poisoned.map(({ target, key }) => Object.getOwnPropertyDescriptor(target, key));
  const RealDate = globalThis.Date;
  for (const { target, key } of poisoned) {
    Object.defineProperty(target, key, {
      configurable: true,
      writable: true,
      value: () => {
        touched.push(key);
        throw new Error(`determinism: ${key} called during a simulated run`);
      },
    });
  }
  // `new Date()` reads the clock too.
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args: unknown[]) {
      if (args.length === 0) {
        touched.push('new Date()');
        throw new Error('determinism: new Date() during a simulated run');
      }
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    return { value: f(), touched };
  } finally {
    poisoned.forEach(({ target, key }, i) => {
      const d = saved[i];
      if (d !== undefined) Object.defineProperty(target, key, d);
    });
    globalThis.Date = RealDate;
  }
}

function run(name: string, seed: number): { result: RunResult; events: string } {
  const scenario = catalogue.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const events: TraceEvent[] = [];
  const result = runSimulation(scenario.build(), { seed, strategy: { kind: 'random' }, sinks: [{ emit: (e) => events.push(e) }] });
  return { result, events: eventsJson(events) };
}

test.serial('every catalogue scenario runs with time, randomness and timers poisoned, and matches the clean run', (t) => {
  for (const scenario of catalogue) {
    for (const seed of [1, 2, 3]) {
      const clean = run(scenario.name, seed);
      const { value: dirty, touched } = withPoisonedGlobals(() => run(scenario.name, seed));
      t.deepEqual(touched, [], `${scenario.name}: nothing read ambient time or randomness`);
      t.is(dirty.events, clean.events, `${scenario.name} seed ${seed}`);
      t.deepEqual(dirty.result.outcome, clean.result.outcome);
    }
  }
});

test.serial('the poison itself works: reading the clock during a run is caught', (t) => {
  const { touched } = withPoisonedGlobals(() => {
    try {
      Date.now();
    } catch {
      /* expected */
    }
    try {
      new Date();
    } catch {
      /* expected */
    }
    return 0;
  });
  t.deepEqual(touched, ['now', 'new Date()']);
});
