import test from 'ava';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { bytes, harness } from '../../helpers/harness.js';

const { Success, InvalidArguments, NotFound } = ErrorCode;

test('handles are nonzero and sequential from 1 under handles=sequential, shared by functions and requests', (t) => {
  const h = harness({ policies: { handles: 'sequential' } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r1 = h.guest.launch(f.handle, bytes());
  const r2 = h.guest.launch(f.handle, bytes());
  t.deepEqual([f.handle, r1.request, r2.request], [1n, 2n, 3n]);
});

test('handles=random issues seeded, nonzero, unique u64 values', (t) => {
  const issue = (seed: number): bigint[] => {
    const h = harness({ policies: { handles: 'random' }, seed });
    const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
    const out = [f.handle];
    for (let i = 0; i < 200; i++) out.push(h.guest.launch(f.handle, bytes()).request);
    return out;
  };
  const a = issue(7);
  t.deepEqual(issue(7), a, 'same seed, same handles');
  t.notDeepEqual(issue(8), a, 'another seed, other handles');
  t.is(new Set(a).size, a.length);
  t.true(a.every((x) => x > 0n && x < 1n << 64n));
  t.true(a.some((x) => x >= 1n << 32n), 'uses the high 32 bits');
  t.true(a.some((x) => x >= 1n << 63n), 'uses the top bit (u64, not i64)');
});

test('create_function checks fn_type only; module and function existence is a launch-time question', (t) => {
  const h = harness();
  t.deepEqual(h.guest.createFunction(2, 'worker', 'echo'), { code: InvalidArguments, handle: 0n });
  t.deepEqual(h.guest.createFunction(0xffffffff, 'worker', 'echo'), { code: InvalidArguments, handle: 0n });
  t.is(h.guest.createFunction(FunctionSource.NamedModule, 'no-such-module', 'x').code, Success);
  t.is(h.guest.createFunction(FunctionSource.OwnModule, '', 'no-such-fn').code, Success);
});

test('an unknown handle is InvalidArguments in every call that takes it', (t) => {
  const h = harness();
  const unknown = 0xdead_beefn;
  t.is(h.guest.removeFunction(unknown), InvalidArguments);
  t.is(h.guest.launch(unknown, bytes()).code, InvalidArguments);
  t.is(h.guest.blockingLaunch(unknown, bytes()).code, InvalidArguments);
  t.is(h.guest.isReady(unknown).code, InvalidArguments);
  t.is(h.guest.retrieve(unknown, 0).code, InvalidArguments);
  t.is(h.guest.launch(0n, bytes()).code, InvalidArguments);
});

test('a request handle is not a function handle, and a function handle is not a request', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes());
  t.is(h.guest.launch(r.request, bytes()).code, InvalidArguments);
  t.is(h.guest.removeFunction(r.request), InvalidArguments);
  t.is(h.guest.isReady(f.handle).code, InvalidArguments);
  t.is(h.guest.retrieve(f.handle, 0).code, InvalidArguments);
});

test("handles belong to the module that got them: another module's handle is InvalidArguments", (t) => {
  const h = harness();
  const other = h.ffiFor('other');
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(1));
  h.scheduler.flush();
  t.is(other.launch(f.handle, bytes()).code, InvalidArguments);
  t.is(other.removeFunction(f.handle), InvalidArguments);
  t.is(other.isReady(r.request).code, InvalidArguments);
  t.is(other.retrieve(r.request, 1).code, InvalidArguments);
  t.is(h.guest.retrieve(r.request, 1).code, Success);
});

test('remove_function invalidates the function handle only; requests launched from it complete normally', (t) => {
  const h = harness();
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(4, 2));
  t.is(h.guest.removeFunction(f.handle), Success);
  t.is(h.guest.removeFunction(f.handle), InvalidArguments);
  t.is(h.guest.launch(f.handle, bytes()).code, InvalidArguments);
  t.is(h.guest.blockingLaunch(f.handle, bytes()).code, InvalidArguments);
  h.scheduler.flush();
  t.deepEqual(h.guest.retrieve(r.request, 2), { code: Success, output: bytes(4, 2) });
});

test('NotFound under errors=eager: returned by the launch call, for named and own modules, async and blocking', (t) => {
  const h = harness({ policies: { errors: 'eager' } });
  const cases = [
    h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'missing'),
    h.guest.createFunction(FunctionSource.NamedModule, 'nowhere', 'echo'),
    h.guest.createFunction(FunctionSource.OwnModule, 'worker', 'echo'), // the guest itself has no such function
  ];
  for (const f of cases) {
    t.deepEqual(h.guest.launch(f.handle, bytes()), { code: NotFound, request: 0n });
    t.deepEqual(h.guest.blockingLaunch(f.handle, bytes()), { code: NotFound, request: 0n });
  }
  t.deepEqual(h.host.pendingRequests(), []);
});

test('NotFound under errors=deferred: launch succeeds, is_ready turns true with size 0, retrieve returns NotFound', (t) => {
  const h = harness({ policies: { errors: 'deferred', latency: { kind: 'fixed', us: 700 } } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'missing');
  const r = h.guest.launch(f.handle, bytes(1, 2, 3));
  t.is(r.code, Success);
  t.false(h.guest.isReady(r.request).isReady);
  h.scheduler.advanceTo(700);
  t.deepEqual(h.guest.isReady(r.request), { code: Success, isReady: true, size: 0 });
  t.is(h.guest.retrieve(r.request, 0).code, NotFound);
  t.is(h.guest.retrieve(r.request, 0).code, InvalidArguments, 'the deferred error consumed the request');

  const b = h.guest.blockingLaunch(f.handle, bytes());
  t.is(b.code, Success);
  t.deepEqual(h.guest.isReady(b.request), { code: Success, isReady: true, size: 0 });
  t.is(h.guest.retrieve(b.request, 0).code, NotFound);
});

test('a deferred error with a wrong buffer length is InvalidArguments and the error stays retrievable', (t) => {
  const h = harness({ policies: { errors: 'deferred' } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'missing');
  const r = h.guest.blockingLaunch(f.handle, bytes());
  t.is(h.guest.retrieve(r.request, 8).code, InvalidArguments);
  t.is(h.guest.retrieve(r.request, 0).code, NotFound);
});
