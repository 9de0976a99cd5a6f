/**
 * Runaway calls end with a typed result, the same on every run, and never crash the
 * host or its recorder: nested blocking launches without end, Wasm recursion past the
 * call-depth limit (with host code at every level), recursion that exhausts the
 * JavaScript stack where no limit applies; and `ark_initialize` launching a module
 * listed after its own.
 */
import test from 'ava';
import { isDeepStrictEqual } from 'node:util';
import { memoryTarget, readTrace, TraceWriter } from '../../../recorder/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { MAX_BLOCKING_DEPTH } from '../../../sim/guest/ffi.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import type { GuestProgram } from '../../../sim/guest/program.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { defineModule } from '../../../sim/modules/js-module.js';
import type { ModuleSpec } from '../../../sim/modules/module.js';
import { replayRun } from '../../../sim/replay/replay.js';
import { runSimulation, type RunResult } from '../../../sim/run/run.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import { STACK_EXHAUSTED } from '../../../sim/stack.js';
import { frameUnits, MAX_STACK_UNITS, WASM_STACK_BYTES } from '../../../sim/wasm/fuel.js';
import { sampleHeader } from '../recorder/fixtures.js';
import { eventsOf, guestModule } from './wasm-runs.js';

/** A guest that blocking-launches `module::fn` once, then yields a frame. */
function launchOnce(module: string, fn: string): GuestProgram {
  return function* (ffi) {
    const f = ffi.createFunction(FunctionSource.NamedModule, module, fn);
    if (f.code !== ErrorCode.Success) throw new Error(`create_function: ${f.code}`);
    ffi.blockingLaunch(f.handle, new Uint8Array(0));
    yield 1;
  };
}

const simOf = (modules: readonly ModuleSpec[], guest: GuestProgram): Simulation => ({ modules, guest: programGuest('guest', guest) });

/** Runs `sim` recording a trace and keeping the events; the trace is read back. */
function recorded(sim: () => Simulation): { result: RunResult; events: TraceEvent[]; traceEvents: readonly TraceEvent[] } {
  const events: TraceEvent[] = [];
  const writer = new TraceWriter(sampleHeader(), memoryTarget());
  const result = runSimulation(sim(), { seed: 3, sinks: [{ emit: (e) => events.push(e) }, writer] });
  const trace = readTrace(writer.finish(result.outcome));
  return { result, events, traceEvents: trace.events };
}

const runaway = (): Simulation => simOf([guestModule('runaway'), guestModule('callee')], launchOnce('runaway', 'recurse'));

test('a function that blocking-launches itself without end stops at the nesting limit: budget-exhausted, the same run every time', (t) => {
  const a = recorded(runaway);
  const b = recorded(runaway);
  t.like(a.result.outcome, { kind: 'failure', reason: 'budget-exhausted', module: 'runaway' });
  t.regex(a.result.outcome.kind === 'failure' ? a.result.outcome.message : '', new RegExp(`nested more than ${MAX_BLOCKING_DEPTH} deep`));
  // The guest's launch and MAX_BLOCKING_DEPTH - 1 nested ones started; the next was refused.
  t.is(eventsOf(a.events, 'req.launched').filter((e) => e.fn === 'recurse').length, MAX_BLOCKING_DEPTH);
  t.deepEqual(a.traceEvents, a.events);
  t.deepEqual(b.events, a.events);
  const replay = replayRun(runaway(), { seed: '3', strategy: a.result.strategy, policies: a.result.policies, budgets: a.result.budgets, events: a.events }, 'exact');
  t.true(replay.matched);
});

test('a JS module that blocking-launches itself stops at the same limit', (t) => {
  const selfish = defineModule('selfish', {
    again: (_input, env) => {
      const f = env.ffi.createFunction(FunctionSource.OwnModule, '', 'again');
      return Uint8Array.of(env.ffi.blockingLaunch(f.handle).code);
    },
  });
  const r = runSimulation(simOf([selfish], launchOnce('selfish', 'again')), { seed: 1 });
  t.like(r.outcome, { kind: 'failure', reason: 'budget-exhausted', module: 'selfish' });
});

test('Wasm recursion past the stack limit traps at the same call on every run: the request fails, the run goes on', (t) => {
  const deep = (): Simulation => simOf([guestModule('runaway'), guestModule('callee')], launchOnce('runaway', 'deep'));
  const a = recorded(deep);
  const b = recorded(deep);
  t.is(a.result.outcome.kind, 'pass');
  // `deep` (two parameters, and the local the rewrite adds) calls is_ready once per level:
  // as many levels ran as fit in the limit, and the next call trapped at its entry.
  t.is(eventsOf(a.events, 'ffi.is_ready').length, Math.floor(MAX_STACK_UNITS / frameUnits(3)));
  t.like(eventsOf(a.events, 'module.fault')[0], { fn: 'deep', kind: 'trap', message: `call stack exhausted: Wasm frames past the ${WASM_STACK_BYTES / 1024} KiB limit` });
  const launched = eventsOf(a.events, 'req.launched').find((e) => e.fn === 'deep');
  t.like(eventsOf(a.events, 'req.completed').find((e) => e.request === launched?.request), { code: ErrorCode.InternalError });
  // (ava's deepEqual recurses per element: too deep for thousands of events)
  t.true(isDeepStrictEqual(b.events, a.events));
  t.true(isDeepStrictEqual(a.traceEvents, a.events));
});

test('unmetered (fuel 0, no stack limit), the same recursion runs the stack out: the run ends, and the trace records it', (t) => {
  const deep = (): Simulation => simOf([guestModule('runaway'), guestModule('callee')], launchOnce('runaway', 'deep'));
  const events: TraceEvent[] = [];
  const writer = new TraceWriter(sampleHeader(), memoryTarget());
  const result = runSimulation(deep(), { seed: 3, budgets: { fuel: 0 }, sinks: [{ emit: (e) => events.push(e) }, writer] });
  const trace = readTrace(writer.finish(result.outcome));
  t.deepEqual(result.outcome, STACK_EXHAUSTED);
  // Host code ran at many levels before the stack ran out, and every event it emitted was recorded.
  t.true(eventsOf(events, 'ffi.is_ready').length > 100);
  t.true(isDeepStrictEqual(trace.events, events));
  t.deepEqual(events.at(-1), { t: 'run.outcome', at: result.time, outcome: STACK_EXHAUSTED });
  // The run stopped inside the guest's launch of `deep`: it never completed.
  const launched = eventsOf(events, 'req.launched').filter((e) => e.fn === 'deep');
  t.is(launched.length, 1);
  t.false(eventsOf(events, 'req.completed').some((e) => e.request === launched[0]?.request));
});

test('JS recursion in a module function or in a TS guest ends the run the same way', (t) => {
  const endless = (n: number): number => endless(n + 1) + 1;
  const recursive = defineModule('recursive', { down: () => Uint8Array.of(endless(0)) });
  const inModule = runSimulation(simOf([recursive], launchOnce('recursive', 'down')), { seed: 1 });
  t.deepEqual(inModule.outcome, STACK_EXHAUSTED);
  const inGuest = runSimulation(simOf([], function* () {
    endless(0);
  }), { seed: 1 });
  t.deepEqual(inGuest.outcome, STACK_EXHAUSTED);
});

test("ark_initialize may launch a module listed after its own: every module is instantiated before any initialises", (t) => {
  for (const modules of [['runaway', 'callee'], ['callee', 'runaway']]) {
    let code = -1;
    const readInitCode: GuestProgram = function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'runaway', 'init_code');
      const r = ffi.blockingLaunch(f.handle);
      code = new DataView(ffi.retrieve(r.request, 4).output.buffer).getInt32(0, true);
      yield 1;
    };
    const r = runSimulation(simOf(modules.map((m) => guestModule(m)), readInitCode), { seed: 1 });
    t.is(r.outcome.kind, 'pass', modules.join(','));
    t.is(code, ErrorCode.Success, modules.join(','));
  }
});
