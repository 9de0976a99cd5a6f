import test from 'ava';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { workOutput } from '../../../scenarios/modules/worker.js';
import { bytes, harness, str } from '../../helpers/harness.js';
import { fanout } from '../../../scenarios/catalogue/fanout.js';
import { runSimulation } from '../../../sim/run/run.js';

const { Success, InvalidArguments, Unavailable, InternalError } = ErrorCode;

test('blocking_launch returns only when the function has finished; is_ready is true right after', (t) => {
  const h = harness({ policies: { latency: { kind: 'fixed', us: 2500 } } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'work');
  const r = h.guest.blockingLaunch(f.handle, bytes(3, 1, 2));
  t.is(r.code, Success);
  // latency 2500 us, then worker.work takes input[0] * 1000 us of virtual time
  t.is(h.scheduler.now(), 2500 + 3000);
  const s = h.guest.isReady(r.request);
  t.deepEqual(s, { code: Success, isReady: true, size: 4 });
  t.deepEqual(h.guest.retrieve(r.request, 4), { code: Success, output: workOutput(bytes(3, 1, 2)) });
});

test('launch returns at once; is_ready turns true with size the output length when the work is done', (t) => {
  const h = harness({ policies: { latency: { kind: 'fixed', us: 1000 } } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(9, 8, 7));
  t.is(r.code, Success);
  t.is(h.scheduler.now(), 0);
  t.deepEqual(h.guest.isReady(r.request), { code: Success, isReady: false, size: 0 });
  h.scheduler.advanceTo(999);
  t.false(h.guest.isReady(r.request).isReady);
  h.scheduler.advanceTo(1000);
  t.deepEqual(h.guest.isReady(r.request), { code: Success, isReady: true, size: 3 });
});

test('retrieve before ready returns Unavailable and leaves the request valid', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(1));
  t.is(h.guest.retrieve(r.request, 1).code, Unavailable);
  h.scheduler.flush();
  t.deepEqual(h.guest.retrieve(r.request, 1), { code: Success, output: bytes(1) });
});

test('retrieve with a buffer length other than size is InvalidArguments and the result stays retrievable', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(1, 2, 3));
  h.scheduler.flush();
  t.is(h.guest.retrieve(r.request, 2).code, InvalidArguments);
  t.is(h.guest.retrieve(r.request, 4).code, InvalidArguments);
  t.is(h.guest.retrieve(r.request, 0).code, InvalidArguments);
  t.deepEqual(h.guest.retrieve(r.request, 3), { code: Success, output: bytes(1, 2, 3) });
});

test('a successful retrieve consumes the request: every later call with it is InvalidArguments', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.blockingLaunch(f.handle, bytes(5));
  t.is(h.guest.retrieve(r.request, 1).code, Success);
  t.is(h.guest.retrieve(r.request, 1).code, InvalidArguments);
  t.is(h.guest.isReady(r.request).code, InvalidArguments);
});

test('the output handed to the guest is a copy: mutating it does not change the trace', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const input = bytes(1, 2);
  const r = h.guest.launch(f.handle, input);
  input[0] = 99; // the host copied the input at launch
  h.scheduler.flush();
  const out = h.guest.retrieve(r.request, 2);
  t.deepEqual(out.output, bytes(1, 2));
  const launch = h.events.find((e) => e.t === 'ffi.launch');
  t.deepEqual(launch?.t === 'ffi.launch' ? launch.input : undefined, bytes(1, 2));
});

test('blocking_launch lets other requests complete meanwhile', (t) => {
  const h = harness({ policies: { latency: { kind: 'fixed', us: 1000 } } });
  const echo = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const work = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'work');
  const early = h.guest.launch(echo.handle, bytes(1));
  const slow = h.guest.blockingLaunch(work.handle, bytes(5));
  t.is(slow.code, Success);
  t.is(h.scheduler.now(), 6000);
  t.true(h.guest.isReady(early.request).isReady);
});

test('a launched function may launch nested work; OwnModule resolves to the calling module', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'nested');
  const r = h.guest.blockingLaunch(f.handle, bytes(0x41, 0x42));
  const out = h.guest.retrieve(r.request, h.guest.isReady(r.request).size);
  t.is(str(out.output), 'nested:AB');
  const nestedCreate = h.events.find((e) => e.t === 'ffi.create_function' && e.caller === 'worker');
  t.truthy(nestedCreate);
  const nestedLaunch = h.events.find((e) => e.t === 'req.launched' && e.caller === 'worker');
  t.is(nestedLaunch?.t === 'req.launched' ? nestedLaunch.module : undefined, 'worker');
});

test('a function that throws completes its request with InternalError, reported at retrieve for launch', (t) => {
  for (const errors of ['eager', 'deferred'] as const) {
    const h = harness({ policies: { errors } });
    const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'fail');
    const r = h.guest.launch(f.handle, bytes());
    t.is(r.code, Success, errors);
    h.scheduler.flush();
    t.deepEqual(h.guest.isReady(r.request), { code: Success, isReady: true, size: 0 }, errors);
    t.is(h.guest.retrieve(r.request, 0).code, InternalError, errors);
    t.is(h.guest.retrieve(r.request, 0).code, InvalidArguments, `${errors}: the error consumed the request`);
    const fault = h.events.find((e) => e.t === 'module.fault');
    t.is(fault?.t === 'module.fault' ? fault.message : '', 'worker.fail failed on purpose');
  }
});

test('a stream that errors after virtual time completes with InternalError at that time', (t) => {
  const h = harness({ policies: { latency: { kind: 'fixed', us: 100 } } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'failLater');
  const r = h.guest.launch(f.handle, bytes());
  h.scheduler.advanceTo(5099);
  t.false(h.guest.isReady(r.request).isReady);
  h.scheduler.advanceTo(5100);
  t.true(h.guest.isReady(r.request).isReady);
  t.is(h.guest.retrieve(r.request, 0).code, InternalError);
});

test('blocking_launch of a failing function: eager returns InternalError from the launch, deferred from retrieve', (t) => {
  const eager = harness({ policies: { errors: 'eager' } });
  const f1 = eager.guest.createFunction(FunctionSource.NamedModule, 'worker', 'fail');
  t.deepEqual(eager.guest.blockingLaunch(f1.handle, bytes()), { code: InternalError, request: 0n });
  t.deepEqual(eager.host.pendingRequests(), []);

  const deferred = harness({ policies: { errors: 'deferred' } });
  const f2 = deferred.guest.createFunction(FunctionSource.NamedModule, 'worker', 'fail');
  const r = deferred.guest.blockingLaunch(f2.handle, bytes());
  t.is(r.code, Success);
  t.deepEqual(deferred.guest.isReady(r.request), { code: Success, isReady: true, size: 0 });
  t.is(deferred.guest.retrieve(r.request, 0).code, InternalError);
});

test('blocking_launch of work that can never complete ends the run as a deadlock, not a hang', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'hang');
  const e = t.throws(() => h.guest.blockingLaunch(f.handle, bytes()));
  t.is(e?.name, 'SimAbort');
  t.regex(e?.message ?? '', /blocking_launch of worker::hang waits/);
});

test('an async launch that never completes is reported pending', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'hang');
  const r = h.guest.launch(f.handle, bytes());
  h.scheduler.flush();
  t.deepEqual(h.host.pendingRequests(), [r.request]);
});

test('a sink that throws on a stream completion ends the run with that error, at once', (t) => {
  // The completion of a launched stream reaches the host through an RxJS subscriber. An
  // exception there (a recorder refusing an event, say) must not be swallowed and reported
  // later from a real timer: it goes up through the scheduler to whoever runs it.
  const refused = new Error('sink refused req.completed');
  const run = (): unknown =>
    runSimulation(fanout.build(), {
      seed: 3,
      sinks: [
        {
          emit: (e) => {
            if (e.t === 'req.completed') throw refused;
          },
        },
      ],
    });
  t.throws(run, { is: refused });
});
