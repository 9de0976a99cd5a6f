/**
 * callee.wasm as a launched module, driven by a TS program guest: outputs, faults
 * (code, trap, panic, fuel), nested launches of its own module, ark_initialize.
 */
import test from 'ava';
import { defineModule } from '../../../sim/modules/js-module.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { waitFor, type GuestProgram } from '../../../sim/guest/program.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import { loadWasm } from '../../../sim/wasm/load.js';
import { wasmModule } from '../../../sim/wasm/wasm-module.js';
import { i32, sig, tinyWasm, UNREACHABLE } from './tiny-wasm.js';
import { eventsOf, guestModule, observe, type RunOptions } from './wasm-runs.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => new TextDecoder().decode(b);

interface CallResult {
  readonly launch: number;
  readonly retrieve: number;
  readonly output: Uint8Array;
}

/** A guest that launches each `[fn, input]` of `module`, waits for it, and retrieves it. */
function caller(cases: readonly (readonly [string, Uint8Array])[], results: CallResult[], module = 'callee', blocking = false): GuestProgram {
  return function* (ffi) {
    for (const [fn, input] of cases) {
      const f = ffi.createFunction(FunctionSource.NamedModule, module, fn);
      if (f.code !== ErrorCode.Success) throw new Error(`create_function ${fn}: ${f.code}`);
      const r = blocking ? ffi.blockingLaunch(f.handle, input) : ffi.launch(f.handle, input);
      if (r.code !== ErrorCode.Success) {
        results.push({ launch: r.code, retrieve: -1, output: new Uint8Array(0) });
        continue;
      }
      yield waitFor(() => ffi.isReady(r.request).isReady, `${fn} ready`);
      const out = ffi.retrieve(r.request, ffi.isReady(r.request).size);
      results.push({ launch: r.code, retrieve: out.code, output: out.output });
    }
  };
}

function run(cases: readonly (readonly [string, Uint8Array])[], options: RunOptions & { module?: string; blocking?: boolean } = {}) {
  const results: CallResult[] = [];
  const module = options.module ?? 'callee';
  const sim: Simulation = { modules: [guestModule(module)], guest: programGuest('guest', caller(cases, results, module, options.blocking)) };
  const observed = observe(sim, { policies: { latency: { kind: 'fixed', us: 1000 } }, ...options });
  return { ...observed, results };
}

test('echo, reverse and len return their outputs through core__return_slice', (t) => {
  const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff);
  const { result, results } = run([
    ['echo', text('hello')],
    ['reverse', text('abc')],
    ['len', new Uint8Array(5)],
    ['echo', new Uint8Array(0)],
    ['echo', big],
  ]);
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(
    results.map((r) => [r.launch, r.retrieve]),
    results.map(() => [0, 0]),
  );
  t.is(str(results[0]?.output ?? new Uint8Array()), 'hello');
  t.is(str(results[1]?.output ?? new Uint8Array()), 'cba');
  t.deepEqual([...(results[2]?.output ?? [])], [5, 0, 0, 0]);
  t.is(results[3]?.output.length, 0);
  t.deepEqual(results[4]?.output, big);
});

test('fail, trap and panic complete with InternalError at retrieve, with module.fault events saying why', (t) => {
  for (const errors of ['eager', 'deferred'] as const) {
    const { result, results, events } = run(
      [
        ['fail', text('x')],
        ['trap', text('x')],
        ['panic', text('x')],
      ],
      { policies: { errors, latency: { kind: 'fixed', us: 1000 } } },
    );
    t.is(result.outcome.kind, 'pass', errors);
    t.deepEqual(
      results.map((r) => [r.launch, r.retrieve, r.output.length]),
      [
        [0, ErrorCode.InternalError, 0],
        [0, ErrorCode.InternalError, 0],
        [0, ErrorCode.InternalError, 0],
      ],
    );
    const faults = eventsOf(events, 'module.fault');
    t.deepEqual(
      faults.map((f) => [f.module, f.fn, f.kind]),
      [
        ['callee', 'fail', 'code'],
        ['callee', 'trap', 'trap'],
        ['callee', 'panic', 'panic'],
      ],
    );
    t.is(faults[0]?.message, 'fail returned InternalError (4)');
    t.regex(faults[1]?.message ?? '', /^unreachable/);
    t.regex(faults[2]?.message ?? '', /^callee panicked on purpose at rust\/callee\.rs:\d+:\d+$/);
  }
});

test('under eager error timing a blocking launch of a failing function returns InternalError itself', (t) => {
  const { result, results } = run(
    [
      ['fail', text('x')],
      ['panic', text('x')],
      ['echo', text('ok')],
    ],
    { blocking: true, policies: { errors: 'eager', latency: { kind: 'fixed', us: 1000 } } },
  );
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(
    results.map((r) => r.launch),
    [ErrorCode.InternalError, ErrorCode.InternalError, 0],
  );
  t.is(str(results[2]?.output ?? new Uint8Array()), 'ok');
});

test('the instance survives its traps and panics: later calls still work', (t) => {
  const { result, results } = run([
    ['trap', text('x')],
    ['panic', text('x')],
    ['echo', text('after')],
    ['reverse', text('after')],
  ]);
  t.is(result.outcome.kind, 'pass');
  t.is(str(results[2]?.output ?? new Uint8Array()), 'after');
  t.is(str(results[3]?.output ?? new Uint8Array()), 'retfa');
});

test('nested: callee blocking-launches its own echo; OwnModule resolves to callee', (t) => {
  const { result, results, events } = run([
    ['nested', text('abc')],
    ['nested', text('xyz')],
  ]);
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(
    results.map((r) => str(r.output)),
    ['nested:abc', 'nested:xyz'],
  );
  const own = eventsOf(events, 'ffi.create_function').filter((e) => e.caller === 'callee');
  t.is(own.length, 2);
  t.true(own.every((e) => e.fnType === FunctionSource.OwnModule && e.code === 0));
  const inner = eventsOf(events, 'req.launched').filter((e) => e.caller === 'callee');
  t.deepEqual(
    inner.map((e) => [e.module, e.fn, e.blocking]),
    [
      ['callee', 'echo', true],
      ['callee', 'echo', true],
    ],
  );
});

test('nested works when the outer launch is itself blocking (three levels of calls into one instance)', (t) => {
  const { result, results } = run([['nested', text('deep')]], { blocking: true });
  t.is(result.outcome.kind, 'pass');
  t.is(str(results[0]?.output ?? new Uint8Array()), 'nested:deep');
});

test('nested_async returns the nonzero request handle of its own launch', (t) => {
  const { result, results, events } = run([['nested_async', text('zz')]], { policies: { handles: 'random' } });
  t.is(result.outcome.kind, 'pass');
  const out = results[0]?.output ?? new Uint8Array();
  t.is(out.length, 8);
  const handle = new DataView(out.buffer, out.byteOffset, 8).getBigUint64(0, true);
  const inner = eventsOf(events, 'req.launched').find((e) => e.caller === 'callee');
  t.is(inner?.request, handle);
  t.not(handle, 0n);
});

test('initialized proves ark_initialize ran once after instantiation', (t) => {
  const { results } = run([['initialized', new Uint8Array(0)]]);
  t.deepEqual([...(results[0]?.output ?? [])], [1]);
});

test('spin with a small fuel budget completes with InternalError and a fuel message, never a hang', (t) => {
  for (const module of ['callee', 'loop_callee']) {
    const { result, results, events } = run(
      [
        ['spin', text('x')],
        ...(module === 'callee' ? ([['echo', text('still alive')]] as const) : []),
      ],
      { module, budgets: { fuel: 20_000 } },
    );
    t.is(result.outcome.kind, 'pass', module);
    t.is(results[0]?.retrieve, ErrorCode.InternalError);
    const fault = eventsOf(events, 'module.fault')[0];
    t.is(fault?.kind, 'trap');
    t.is(fault?.message, 'fuel budget of 20000 exhausted');
    // The budget is per call: the next call runs on a fresh budget.
    if (module === 'callee') t.is(str(results[1]?.output ?? new Uint8Array()), 'still alive');
  }
});

test('a launchable function is an exported (i32, i32) -> i32, not an entrypoint', (t) => {
  const results: CallResult[] = [];
  const { result, events } = observe({
    modules: [guestModule('callee')],
    guest: programGuest('guest', caller([['ark_alloc', text('x')], ['ark_free', text('x')], ['memory', text('x')], ['ark_initialize', text('x')], ['echo', text('x')]], results)),
  });
  t.is(result.outcome.kind, 'pass');
  t.deepEqual(
    results.map((r) => r.launch),
    [ErrorCode.NotFound, ErrorCode.NotFound, ErrorCode.NotFound, ErrorCode.NotFound, 0],
  );
  t.is(eventsOf(events, 'module.fault').filter((e) => e.kind === 'not-found').length, 4);
});

test('a budget exhausted inside a nested blocking launch ends the run (SimAbort passes through the instance)', (t) => {
  // Step 1 is frame 0 (the guest launches nested); step 2 runs nested, whose blocking
  // launch needs a third step: the step budget runs out inside the callee.
  const { result, events } = run([['nested', text('abc')]], { budgets: { maxSteps: 2 } });
  t.like(result.outcome, { kind: 'failure', reason: 'budget-exhausted' });
  t.regex(result.outcome.kind === 'failure' ? result.outcome.message : '', /step budget/);
  t.true(eventsOf(events, 'req.launched').some((e) => e.caller === 'callee'), 'the budget ran out inside the callee');
  t.is(eventsOf(events, 'module.fault').length, 0, 'not reported as a fault of the callee');
  t.is(eventsOf(events, 'req.completed').length, 0);
});

test('a JS module and a Wasm module mix: a JS function launches callee.reverse', (t) => {
  const results: CallResult[] = [];
  const js = defineModule('js', {
    relay: (input, env) => {
      const f = env.ffi.createFunction(FunctionSource.NamedModule, 'callee', 'reverse');
      const r = env.ffi.blockingLaunch(f.handle, input);
      return env.ffi.retrieve(r.request, env.ffi.isReady(r.request).size).output;
    },
  });
  const { result } = observe({ modules: [guestModule('callee'), js], guest: programGuest('guest', caller([['relay', text('wasm')]], results, 'js')) });
  t.is(result.outcome.kind, 'pass');
  t.is(str(results[0]?.output ?? new Uint8Array()), 'msaw');
});

test('an ark_initialize that traps is a clear run failure naming the module', (t) => {
  const broken = wasmModule(
    loadWasm(
      'broken.wasm',
      tinyWasm({
        memoryPages: 1,
        functions: [
          { export: 'ark_alloc', type: sig('i32 i32', 'i32'), body: i32(16) },
          { export: 'ark_free', type: sig('i32 i32 i32'), body: [] },
          { export: 'ark_initialize', type: sig(''), body: [UNREACHABLE] },
        ],
      }),
    ),
    'broken',
  );
  const { result } = observe({ modules: [broken], guest: programGuest('guest', caller([], [])) });
  t.like(result.outcome, { kind: 'failure', reason: 'trap', module: 'broken' });
  t.regex(result.outcome.kind === 'failure' ? result.outcome.message : '', /^broken\.ark_initialize trapped: unreachable/);
});

test('an ark_initialize out of fuel is a budget failure naming the module', (t) => {
  const { result } = observe({ modules: [guestModule('callee')], guest: programGuest('guest', caller([], [])) }, { budgets: { fuel: 1 } });
  t.like(result.outcome, { kind: 'failure', reason: 'budget-exhausted', module: 'callee' });
  t.regex(result.outcome.kind === 'failure' ? result.outcome.message : '', /fuel budget of 1 exhausted in callee/);
});
