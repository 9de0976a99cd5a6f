/** The scenario invariants on hand-made event streams: what each flags, and what it lets pass. */
import test from 'ava';
import { checkInvariant, completed, created, isReady, launch, launched, retrieve } from '../../helpers/invariant-check.js';
import type { TraceEvent } from '../../../sim/events.js';
import { allRetrieved, faultsExplained, launchResolvesTarget, readyAfterCompletion } from '../../../scenarios/invariants/index.js';

test('ready-after-completion: ready before req.completed is flagged, after it is fine', (t) => {
  t.is(checkInvariant(readyAfterCompletion, [launched('guest', 2n), isReady('guest', 2n, false), completed('guest', 2n), isReady('guest', 2n, true), retrieve('guest', 2n, 0)]), undefined);
  t.regex(checkInvariant(readyAfterCompletion, [launched('guest', 2n), isReady('guest', 2n, true)]) ?? '', /^ready-after-completion: is_ready said ready before/);
  t.regex(checkInvariant(readyAfterCompletion, [launched('guest', 2n), completed('guest', 2n), isReady('guest', 2n, false)]) ?? '', /not ready after the request completed/);
  t.regex(checkInvariant(readyAfterCompletion, [launched('guest', 2n), retrieve('guest', 2n, 0)]) ?? '', /retrieve answered Success \(0\) before/);
  t.regex(checkInvariant(readyAfterCompletion, [launched('guest', 2n), completed('guest', 2n), retrieve('guest', 2n, 7)]) ?? '', /Unavailable after the request completed/);
  t.is(checkInvariant(readyAfterCompletion, [isReady('guest', 9n, true)]), undefined, 'a host without req.* events is not held to it');
});

test('launch-resolves-target: OwnModule runs in the caller whatever module name it passed', (t) => {
  const own = [created('worker', 1n, 'elsewhere', 'echo', 0), launched('worker', 2n, 'worker', 'echo'), launch('worker', 1n, 2n, 0)];
  t.is(checkInvariant(launchResolvesTarget, own), undefined);
  t.regex(
    checkInvariant(launchResolvesTarget, [created('guest', 1n, 'worker', 'echo', 0), launched('guest', 2n, 'worker', 'echo'), launch('guest', 1n, 2n)]) ?? '',
    /^launch-resolves-target: a launch by guest ran worker::echo, but its function handle names guest::echo$/,
  );
  const wrongFn = [created('guest', 1n, 'worker', 'echo', 1), launched('guest', 2n, 'worker', 'work'), launch('guest', 1n, 2n)];
  t.regex(checkInvariant(launchResolvesTarget, wrongFn) ?? '', /names worker::echo/);
});

test('all-retrieved: a request of a watched caller never retrieved is flagged at the end', (t) => {
  const inv = allRetrieved('guest');
  t.is(checkInvariant(inv, [launch('guest', 1n, 2n), retrieve('guest', 2n, 0)]), undefined);
  t.is(checkInvariant(inv, [launch('guest', 1n, 2n), retrieve('guest', 2n, 6)]), undefined, 'a deferred error consumes it');
  t.is(checkInvariant(inv, [launch('guest', 1n, 2n), retrieve('guest', 2n, 5)]), 'all-retrieved: 1 request(s) launched by guest were never retrieved');
  t.is(checkInvariant(inv, [launch('guest', 1n, 2n, 6)]), undefined, 'a failed launch hands out nothing');
  t.is(checkInvariant(inv, [launch('relay', 1n, 2n, 0)]), undefined, 'other callers are not watched');
});

test('all-retrieved: several callers are counted together and named in the order given', (t) => {
  const inv = allRetrieved('guest', 'relay');
  const events = [launch('relay', 1n, 2n, 0), launch('guest', 1n, 3n), launch('guest', 1n, 4n), retrieve('guest', 3n, 0)];
  t.is(checkInvariant(inv, events), 'all-retrieved: 2 request(s) launched by guest, relay were never retrieved');
  t.is(checkInvariant(inv, [launch('relay', 1n, 2n, 0), launch('guest', 1n, 2n)]), 'all-retrieved: 2 request(s) launched by guest, relay were never retrieved', 'the same handle value from two callers is two requests');
  t.is(
    checkInvariant(inv, [launch('relay', 1n, 2n, 0), retrieve('guest', 2n, 0)]),
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
    caller: 'guest',
    module: 'faulty',
    fn: 'trap',
    kind,
    message,
  });
  t.is(checkInvariant(inv, [launched('guest', 2n, 'faulty', 'trap'), fault('trap', 'unreachable'), completed('guest', 2n, 4)]), undefined);
  t.regex(checkInvariant(inv, [launched('guest', 2n, 'faulty', 'trap'), completed('guest', 2n, 4)]) ?? '', /failed without a module.fault event/);
  const wrongKind = [launched('guest', 2n, 'faulty', 'trap'), fault('error', 'unreachable')];
  t.regex(checkInvariant(inv, wrongKind) ?? '', /failed with error "unreachable", expected trap/);
  t.regex(checkInvariant(inv, [launched('guest', 2n, 'faulty', 'trap'), completed('guest', 2n, 0)]) ?? '', /completed with Success \(0\), expected InternalError/);
});

test('host-contract: handles are unique per kind; function and request handles may share numbers', async (t) => {
  const { hostContract } = await import('../../../sim/invariants/host-contract.js');
  // A host numbering each kind from 1: function 1, request 1.
  t.is(checkInvariant(hostContract, [created('guest', 1n), launch('guest', 1n, 1n), launch('guest', 1n, 2n), created('guest', 2n)]), undefined);
  t.is(checkInvariant(hostContract, [created('guest', 1n), created('guest', 1n)]), 'handle-unique: the host issued the same handle twice');
  t.is(checkInvariant(hostContract, [created('guest', 1n), launch('guest', 1n, 5n), launch('guest', 1n, 5n)]), 'handle-unique: the host issued the same handle twice');
});
