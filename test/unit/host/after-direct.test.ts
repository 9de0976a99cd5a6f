/**
 * The reference host runs a function's `after` stream directly (it schedules the one
 * action itself instead of subscribing). That must change nothing a run shows: here the
 * same guest runs against a module whose functions return `after(...)` and against one
 * whose functions return the equivalent `timer + map` pipeline (which the host
 * subscribes to), and every event of every run must be the same.
 */
import test from 'ava';
import fc from 'fast-check';
import { map, of, timer } from 'rxjs';
import type { TraceEvent } from '../../../sim/events.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { after } from '../../../sim/modules/after.js';
import { defineModule, type JsFunction } from '../../../sim/modules/js-module.js';
import { runSimulation } from '../../../sim/run/run.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import { eventsKey } from '../recorder/craft.js';

/** What a job's function does after input[0] * 700 us: input[1] says how it ends. */
function produce(input: Uint8Array): () => unknown {
  return () => {
    if (input[1] === 1) throw new Error(`job ${input[2]} failed`);
    if (input[1] === 2) return `not bytes ${input[2]}`;
    return Uint8Array.of(input[2] ?? 0, 0xaa);
  };
}

const direct: JsFunction = (input, env) => after(env.scheduler, (input[0] ?? 0) * 700, produce(input)) as ReturnType<JsFunction>;
const piped: JsFunction = (input, env) => timer((input[0] ?? 0) * 700, env.scheduler).pipe(map(produce(input))) as ReturnType<JsFunction>;

function simulation(fn: JsFunction, jobs: readonly (readonly [number, number])[]): Simulation {
  return {
    modules: [defineModule('jobs', { run: fn, now: () => of(Uint8Array.of(1)) })],
    guest: programGuest('guest', function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'jobs', 'run');
      const pending = new Set<bigint>();
      jobs.forEach(([delay, ending], i) => pending.add(ffi.launch(f.handle, Uint8Array.of(delay, ending, i)).request));
      while (pending.size > 0) {
        yield;
        for (const r of pending) {
          const s = ffi.isReady(r);
          if (s.code !== ErrorCode.Success || !s.isReady) continue;
          ffi.retrieve(r, s.size);
          pending.delete(r);
        }
      }
    }),
  };
}

function events(fn: JsFunction, jobs: readonly (readonly [number, number])[], seed: number, strategy: 'fifo' | 'random'): string {
  const seen: TraceEvent[] = [];
  runSimulation(simulation(fn, jobs), { seed, strategy: { kind: strategy }, sinks: [{ emit: (e) => seen.push(e) }] });
  return eventsKey(seen);
}

const jobs = fc.array(fc.tuple(fc.nat(6), fc.constantFrom(0, 0, 0, 1, 2)), { minLength: 1, maxLength: 10 });

test('a run is the same whether the host runs after() directly or subscribes to timer + map', (t) => {
  fc.assert(
    fc.property(jobs, fc.nat(10_000), fc.constantFrom('fifo' as const, 'random' as const), (js, seed, strategy) => {
      t.is(events(direct, js, seed, strategy), events(piped, js, seed, strategy));
    }),
    { numRuns: 150 },
  );
});

test('a stream whose last value is not bytes fails its request with InternalError and a module.fault', (t) => {
  for (const fn of [direct, piped]) {
    const seen: TraceEvent[] = [];
    const r = runSimulation(simulation(fn, [[1, 2]]), { seed: 1, sinks: [{ emit: (e) => seen.push(e) }] });
    t.is(r.outcome.kind, 'pass');
    const fault = seen.find((e) => e.t === 'module.fault');
    t.like(fault, { kind: 'error', module: 'jobs', fn: 'run', message: 'jobs::run returned a stream whose last value is not bytes' });
    t.like(
      seen.find((e) => e.t === 'req.completed'),
      { code: ErrorCode.InternalError },
    );
  }
});
