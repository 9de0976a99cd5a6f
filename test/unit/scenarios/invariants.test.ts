/** The scenario invariants on hand-made event streams: what each flags, and what it lets pass. */
import test from 'ava';
import { checkInvariant } from '../../helpers/invariant-check.js';
import type { TraceEvent } from '../../../sim/events.js';
import { allRetrieved, faultsExplained, launchResolvesTarget, readyAfterCompletion } from '../../../scenarios/invariants/index.js';

const EMPTY = new Uint8Array(0);

const launched = (request: bigint, module = 'worker', fn = 'echo', caller = 'guest'): TraceEvent => ({
  t: 'req.launched',
  at: 0,
  request,
  caller,
  module,
  fn,
  blocking: false,
  due: 0,
});
const completed = (request: bigint, code = 0): TraceEvent => ({ t: 'req.completed', at: 1, request, code, output: EMPTY });
const isReady = (request: bigint, ready: boolean, code = 0): TraceEvent => ({
  t: 'ffi.is_ready',
  at: 1,
  caller: 'guest',
  request,
  code,
  ready,
  size: 0,
});
const retrieve = (request: bigint, code: number, caller = 'guest'): TraceEvent => ({
  t: 'ffi.retrieve',
  at: 1,
  caller,
  request,
  len: 0,
  code,
  output: EMPTY,
});
const launch = (handle: bigint, request: bigint, code = 0, caller = 'guest'): TraceEvent => ({
  t: 'ffi.launch',
  at: 0,
  end: 0,
  caller,
  blocking: false,
  handle,
  input: EMPTY,
  code,
  request,
});
const create = (handle: bigint, fnType: number, module: string, name: string, caller = 'guest'): TraceEvent => ({
  t: 'ffi.create_function',
  at: 0,
  caller,
  fnType,
  module,
  name,
  code: 0,
  handle,
});

test('ready-after-completion: ready before req.completed is flagged, after it is fine', (t) => {
  t.is(checkInvariant(readyAfterCompletion, [launched(2n), isReady(2n, false), completed(2n), isReady(2n, true), retrieve(2n, 0)]), undefined);
  t.regex(checkInvariant(readyAfterCompletion, [launched(2n), isReady(2n, true)]) ?? '', /^ready-after-completion: is_ready said ready before/);
  t.regex(checkInvariant(readyAfterCompletion, [launched(2n), completed(2n), isReady(2n, false)]) ?? '', /not ready after the request completed/);
  t.regex(checkInvariant(readyAfterCompletion, [launched(2n), retrieve(2n, 0)]) ?? '', /retrieve answered Success \(0\) before/);
  t.regex(checkInvariant(readyAfterCompletion, [launched(2n), completed(2n), retrieve(2n, 7)]) ?? '', /Unavailable after the request completed/);
  t.is(checkInvariant(readyAfterCompletion, [isReady(9n, true)]), undefined, 'a host without req.* events is not held to it');
});

test('launch-resolves-target: OwnModule runs in the caller whatever module name it passed', (t) => {
  const own = [create(1n, 0, 'elsewhere', 'echo', 'worker'), launched(2n, 'worker', 'echo', 'worker'), launch(1n, 2n, 0, 'worker')];
  t.is(checkInvariant(launchResolvesTarget, own), undefined);
  t.regex(
    checkInvariant(launchResolvesTarget, [create(1n, 0, 'worker', 'echo'), launched(2n, 'worker', 'echo'), launch(1n, 2n)]) ?? '',
    /^launch-resolves-target: a launch by guest ran worker::echo, but its function handle names guest::echo$/,
  );
  const wrongFn = [create(1n, 1, 'worker', 'echo'), launched(2n, 'worker', 'work'), launch(1n, 2n)];
  t.regex(checkInvariant(launchResolvesTarget, wrongFn) ?? '', /names worker::echo/);
});

test('all-retrieved: a request of a watched caller never retrieved is flagged at the end', (t) => {
  const inv = allRetrieved('guest');
  t.is(checkInvariant(inv, [launch(1n, 2n), retrieve(2n, 0)]), undefined);
  t.is(checkInvariant(inv, [launch(1n, 2n), retrieve(2n, 6)]), undefined, 'a deferred error consumes it');
  t.is(checkInvariant(inv, [launch(1n, 2n), retrieve(2n, 5)]), 'all-retrieved: 1 request(s) launched by guest were never retrieved');
  t.is(checkInvariant(inv, [launch(1n, 2n, 6)]), undefined, 'a failed launch hands out nothing');
  t.is(checkInvariant(inv, [launch(1n, 2n, 0, 'relay')]), undefined, 'other callers are not watched');
});

test('all-retrieved: several callers are counted together and named in the order given', (t) => {
  const inv = allRetrieved('guest', 'relay');
  const events = [launch(1n, 2n, 0, 'relay'), launch(1n, 3n), launch(1n, 4n), retrieve(3n, 0)];
  t.is(checkInvariant(inv, events), 'all-retrieved: 2 request(s) launched by guest, relay were never retrieved');
  t.is(checkInvariant(inv, [launch(1n, 2n, 0, 'relay'), launch(1n, 2n)]), 'all-retrieved: 2 request(s) launched by guest, relay were never retrieved', 'the same handle value from two callers is two requests');
  t.is(
    checkInvariant(inv, [launch(1n, 2n, 0, 'relay'), retrieve(2n, 0)]),
    'all-retrieved: 1 request(s) launched by relay were never retrieved',
    "a retrieve by guest does not consume relay's request",
  );
});

test('faults-explained: each failure needs its module.fault, with the right kind and message', (t) => {
  const inv = faultsExplained('faulty', [{ fn: 'trap', kind: 'trap', message: 'unreachable', afterUs: 0 }]);
  const fault = (kind: 'trap' | 'error', message: string): TraceEvent => ({
    t: 'module.fault',
    at: 1,
    request: 2n,
    module: 'faulty',
    fn: 'trap',
    kind,
    message,
  });
  t.is(checkInvariant(inv, [launched(2n, 'faulty', 'trap'), fault('trap', 'unreachable'), completed(2n, 4)]), undefined);
  t.regex(checkInvariant(inv, [launched(2n, 'faulty', 'trap'), completed(2n, 4)]) ?? '', /failed without a module.fault event/);
  const wrongKind = [launched(2n, 'faulty', 'trap'), fault('error', 'unreachable')];
  t.regex(checkInvariant(inv, wrongKind) ?? '', /failed with error "unreachable", expected trap/);
  t.regex(checkInvariant(inv, [launched(2n, 'faulty', 'trap'), completed(2n, 0)]) ?? '', /completed with Success \(0\), expected InternalError/);
});

test('host-contract: handles are unique per kind; function and request handles may share numbers', async (t) => {
  const { hostContract } = await import('../../../sim/invariants/host-contract.js');
  const created = (handle: bigint): TraceEvent => ({ t: 'ffi.create_function', at: 0, caller: 'guest', fnType: 1, module: 'worker', name: 'echo', code: 0, handle });
  const launch = (handle: bigint, request: bigint): TraceEvent => ({ t: 'ffi.launch', at: 0, end: 0, caller: 'guest', blocking: false, handle, input: EMPTY, code: 0, request });
  // A host numbering each kind from 1: function 1, request 1.
  t.is(checkInvariant(hostContract, [created(1n), launch(1n, 1n), launch(1n, 2n), created(2n)]), undefined);
  t.is(checkInvariant(hostContract, [created(1n), created(1n)]), 'handle-unique: the host issued the same handle twice');
  t.is(checkInvariant(hostContract, [created(1n), launch(1n, 5n), launch(1n, 5n)]), 'handle-unique: the host issued the same handle twice');
});
