import test from 'ava';
import { interval } from 'rxjs';
import { waitFor } from '../../../sim/guest/program.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import { ok, type FfiResult, type IsReadyValue } from '../../../sim/host/api.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { defineModule } from '../../../sim/modules/js-module.js';
import { runSimulation } from '../../../sim/run/run.js';
import type { Simulation } from '../../../sim/run/simulation.js';
import type { GuestProgram } from '../../../sim/guest/program.js';
import { worker } from '../../../scenarios/modules/worker.js';
import { bytes } from '../../helpers/harness.js';

const sim = (program: GuestProgram): Simulation => ({ modules: [worker], guest: programGuest('guest', program) });

test('a guest that finishes passes', (t) => {
  const r = runSimulation(
    sim(function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      ffi.blockingLaunch(f.handle, bytes(1));
      yield 3;
    }),
    { seed: 1 },
  );
  t.deepEqual(r.outcome, { kind: 'pass' });
  t.is(r.frames, 4);
});

test('env.fail is a guest panic with its message', (t) => {
  const r = runSimulation(
    sim(function* (_ffi, env) {
      yield;
      env.fail('saw the wrong thing');
    }),
    { seed: 1 },
  );
  t.deepEqual(r.outcome, { kind: 'failure', reason: 'panic', message: 'saw the wrong thing', module: 'guest' });
});

test('a guest that throws any error is a panic naming the error', (t) => {
  const r = runSimulation(
    sim(function* () {
      yield;
      throw new TypeError('boom');
    }),
    { seed: 1 },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'panic', message: 'TypeError: boom' });
});

test('waiting on a condition nothing scheduled can change is a deadlock', (t) => {
  const r = runSimulation(
    sim(function* () {
      yield waitFor(() => false, 'a miracle');
    }),
    { seed: 1 },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'deadlock', message: 'guest waits for a miracle and nothing is scheduled' });
});

test('waitFor resumes at the first frame where the condition holds', (t) => {
  const r = runSimulation(
    sim(function* (ffi, env) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'work');
      const req = ffi.launch(f.handle, bytes(2)).request;
      yield waitFor(() => ffi.isReady(req).isReady, 'request');
      // latency fixed 1000 + 2000 of work: ready at 3000 us, seen at the next frame (16,667 us)
      if (env.now() !== 16_667) env.fail(`resumed at ${env.now()}`);
      ffi.retrieve(req, 2);
    }),
    { seed: 1, policies: { errors: 'eager', latency: { kind: 'fixed', us: 1000 }, handles: 'sequential', faults: 0 } },
  );
  t.deepEqual(r.outcome, { kind: 'pass' });
});

test('a guest that does not finish within its frames exhausts the budget', (t) => {
  const r = runSimulation(
    sim(function* () {
      for (;;) yield;
    }),
    { seed: 1, budgets: { frames: 10 } },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'budget-exhausted', message: 'guest did not finish within 10 frames' });
  t.is(r.frames, 10);
});

test('work that never stops exhausts the step budget instead of hanging', (t) => {
  const busy = defineModule('busy', { spin: (_i, env) => interval(0, env.scheduler) as never });
  const r = runSimulation(
    {
      modules: [busy],
      guest: programGuest('guest', function* (ffi) {
        ffi.launch(ffi.createFunction(FunctionSource.NamedModule, 'busy', 'spin').handle, bytes());
      }),
    },
    { seed: 1, budgets: { maxSteps: 5000 } },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'budget-exhausted' });
  t.regex(r.outcome.kind === 'failure' ? r.outcome.message : '', /step budget of 5000/);
});

test('virtual time past its budget ends the run', (t) => {
  const r = runSimulation(
    sim(function* () {
      yield 100;
    }),
    { seed: 1, budgets: { maxTime: 50_000 } },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'budget-exhausted' });
  t.regex(r.outcome.kind === 'failure' ? r.outcome.message : '', /virtual time budget of 50000 us/);
});

test('a request still in flight when no work is left is reported pending', (t) => {
  const r = runSimulation(
    sim(function* (ffi) {
      ffi.launch(ffi.createFunction(FunctionSource.NamedModule, 'worker', 'hang').handle, bytes());
    }),
    { seed: 1 },
  );
  t.like(r.outcome, { kind: 'failure', reason: 'pending-requests' });
  t.regex(r.outcome.kind === 'failure' ? r.outcome.message : '', /^1 launched request\(s\) never completed, and nothing scheduled could complete them \(a module stream on real time/);
});

/** A host that reports a request ready before it is: the classic "one frame early". */
class EarlyReadyHost extends ReferenceHost {
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const r = this.ownedRequest(caller, request);
    if (r !== undefined && !r.done) return ok({ ready: true, size: 0 });
    return super.isReady(caller, request);
  }
}

test('a host that breaks the contract fails the run with the violated invariant', (t) => {
  const r = runSimulation(
    sim(function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      const req = ffi.launch(f.handle, bytes(1)).request;
      const s = ffi.isReady(req);
      if (s.isReady) ffi.retrieve(req, s.size);
      yield;
    }),
    { seed: 1, host: (env) => new EarlyReadyHost(env) },
  );
  t.deepEqual(r.outcome, {
    kind: 'failure',
    reason: 'invariant',
    message: 'ready-means-retrievable: retrieve returned Unavailable after is_ready said ready',
  });
});

test('the reference host passes the same guest', (t) => {
  const r = runSimulation(
    sim(function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      const req = ffi.launch(f.handle, bytes(1)).request;
      const s = ffi.isReady(req);
      if (s.isReady) ffi.retrieve(req, s.size);
      yield;
      yield waitFor(() => ffi.isReady(req).isReady);
      if (ffi.retrieve(req, 1).code !== ErrorCode.Success) throw new Error('retrieve failed');
    }),
    { seed: 1 },
  );
  t.deepEqual(r.outcome, { kind: 'pass' });
});

test('a launched function may destructure its env: log and request still work', (t) => {
  const logger = defineModule('logger', {
    say: (input, { log, request }) => {
      log(`request ${request} says ${input.length}`);
      return input;
    },
  });
  const messages: string[] = [];
  const r = runSimulation(
    {
      modules: [logger],
      guest: programGuest('guest', function* (ffi) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'logger', 'say');
        const l = ffi.blockingLaunch(f.handle, bytes(7, 8, 9));
        ffi.retrieve(l.request, 3);
        yield;
      }),
    },
    { seed: 1, sinks: [{ emit: (e) => void (e.t === 'log' && e.module === 'logger' && messages.push(e.message)) }] },
  );
  t.deepEqual(r.outcome, { kind: 'pass' });
  t.is(messages.length, 1);
  t.regex(messages[0] ?? '', /^request \d+ says 3$/);
});

test('a launched function that returns neither bytes nor a stream fails its request, not the run', (t) => {
  const broken = defineModule('broken', { bad: () => 42 as unknown as Uint8Array });
  const faults: string[] = [];
  const r = runSimulation(
    {
      modules: [broken],
      guest: programGuest('guest', function* (ffi, env) {
        const f = ffi.createFunction(FunctionSource.NamedModule, 'broken', 'bad');
        const l = ffi.blockingLaunch(f.handle, bytes(1));
        const out = ffi.retrieve(l.request, 0);
        if (out.code !== ErrorCode.InternalError) env.fail(`retrieve returned ${out.code}`);
        yield;
      }),
    },
    { seed: 1, policies: { ...DEFAULT_POLICIES, errors: 'deferred' }, sinks: [{ emit: (e) => void (e.t === 'module.fault' && faults.push(e.message)) }] },
  );
  t.deepEqual(r.outcome, { kind: 'pass' });
  t.deepEqual(faults, ['broken::bad returned neither bytes nor an Observable']);
});

test("a host whose pendingRequests() or dispose() throws fails that run, in its trace too; the next run is unaffected", (t) => {
  class ThrowsAtEnd extends ReferenceHost {
    constructor(env: ConstructorParameters<typeof ReferenceHost>[0], private readonly where: 'pending' | 'dispose') {
      super(env);
    }
    override pendingRequests(): readonly bigint[] {
      if (this.where === 'pending') throw new Error('pending boom');
      return super.pendingRequests();
    }
    override dispose(): void {
      if (this.where === 'dispose') throw new Error('dispose boom');
      super.dispose();
    }
  }
  const program = sim(function* (ffi) {
    const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
    ffi.blockingLaunch(f.handle, bytes(1));
    yield;
  });
  for (const where of ['pending', 'dispose'] as const) {
    const outcomes: unknown[] = [];
    const r = runSimulation(program, { seed: 1, host: (env) => new ThrowsAtEnd(env, where), sinks: [{ emit: (e) => void (e.t === 'run.outcome' && outcomes.push(e.outcome)) }] });
    const message = `host-contract: the host's ${where === 'pending' ? 'pendingRequests' : 'dispose'}() threw Error: ${where} boom`;
    t.deepEqual(r.outcome, { kind: 'failure', reason: 'invariant', message });
    t.deepEqual(outcomes, [r.outcome], 'the trace records the same outcome');
    t.deepEqual(runSimulation(program, { seed: 1 }).outcome, { kind: 'pass' });
  }
});

// A host under development is JavaScript at run time: pendingRequests() may return
// something that is not a list (undefined from a missing `return`). That fails the run
// as the throwing case does, rather than a TypeError that ends the whole exploration.
test('a host whose pendingRequests() returns no array fails that run, in its trace too, naming what it returned', (t) => {
  const program = sim(function* (ffi) {
    const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
    ffi.blockingLaunch(f.handle, bytes(1));
    yield;
  });
  for (const [returned, named] of [[undefined, 'undefined'], [null, 'null'], [3, 'number 3'], [{ length: 0 }, 'an object']] as const) {
    const host = (env: ConstructorParameters<typeof ReferenceHost>[0]): ReferenceHost => {
      const h = new ReferenceHost(env);
      (h as unknown as { pendingRequests: () => unknown }).pendingRequests = () => returned;
      return h;
    };
    const outcomes: unknown[] = [];
    const r = runSimulation(program, { seed: 1, host, sinks: [{ emit: (e) => void (e.t === 'run.outcome' && outcomes.push(e.outcome)) }] });
    const message = `host-contract: the host's pendingRequests() returned ${named}, not an array of requests`;
    t.deepEqual(r.outcome, { kind: 'failure', reason: 'invariant', message });
    t.deepEqual(outcomes, [r.outcome], 'the trace records the same outcome');
  }
});
