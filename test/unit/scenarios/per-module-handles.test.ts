/**
 * The invariants on hand-made event streams from a host that numbers each module's
 * handles on its own (legal: a handle means something only to the module that got it),
 * so two modules hold the same values: none of them mistakes one module's handle for
 * another's, and each still catches what it caught when values differed.
 */
import test from 'ava';
import { checkInvariant, completed, created, isReady, launch, launched, retrieve } from '../../helpers/invariant-check.js';
import type { TraceEvent } from '../../../sim/events.js';
import { hostContract } from '../../../sim/invariants/host-contract.js';
import { faultsExplained, launchResolvesTarget, readyAfterCompletion } from '../../../scenarios/invariants/index.js';

const fault = (caller: string, request: bigint, message: string): TraceEvent => ({
  t: 'module.fault',
  at: 1,
  request,
  caller,
  module: 'faulty',
  fn: 'trap',
  kind: 'trap',
  message,
});

const UNIQUE = 'handle-unique: the host issued the same handle twice';

test('host-contract: two modules may get the same function and request values; one module may not get one twice', (t) => {
  // Guest and relay each get function 1 and request 1 (and the guest's function 1 is also its request 1).
  const both = [created('guest', 1n), launch('guest', 1n, 1n), created('relay', 1n), launch('relay', 1n, 1n), launch('guest', 1n, 2n)];
  t.is(checkInvariant(hostContract, both), undefined);
  t.is(checkInvariant(hostContract, [...both, created('relay', 1n)]), UNIQUE, 'a function reissued to relay');
  t.is(checkInvariant(hostContract, [...both, launch('guest', 1n, 2n)]), UNIQUE, 'a live request reissued to the guest');
  // Consumed, then reissued to the same module: still caught (a slot table's free list).
  const consumed = [created('guest', 1n), launch('guest', 1n, 5n), retrieve('guest', 5n, 0)];
  t.is(checkInvariant(hostContract, [...consumed, launch('relay', 1n, 5n)]), undefined, 'relay may get the value the guest consumed');
  t.is(checkInvariant(hostContract, [...consumed, launch('guest', 1n, 5n)]), UNIQUE);
});

test("host-contract: one module's removed or consumed handle says nothing about another module's with the same value", (t) => {
  const events = [
    created('guest', 1n),
    launch('guest', 1n, 2n),
    retrieve('guest', 2n, 0),
    { t: 'ffi.remove_function', at: 0, caller: 'guest', handle: 1n, code: 0 } as TraceEvent,
    created('relay', 1n),
    launch('relay', 1n, 2n),
    { t: 'ffi.is_ready', at: 1, caller: 'relay', request: 2n, code: 0, ready: false, size: 0 } as TraceEvent,
    { t: 'ffi.remove_function', at: 0, caller: 'relay', handle: 1n, code: 0 } as TraceEvent,
  ];
  t.is(checkInvariant(hostContract, events), undefined);
});

test('ready-after-completion: requests of two modules with one value, in flight together, are each judged by their own completion', (t) => {
  // req.completed names the caller, so guest's request 1 and relay's request 1 are told apart.
  const both = [launched('guest', 1n), launched('relay', 1n), completed('relay', 1n)];
  t.is(checkInvariant(readyAfterCompletion, [...both, isReady('guest', 1n, false), isReady('relay', 1n, true)]), undefined);
  t.regex(checkInvariant(readyAfterCompletion, [...both, isReady('guest', 1n, true)]) ?? '', /ready before the request completed/);
  t.regex(checkInvariant(readyAfterCompletion, [...both, isReady('relay', 1n, false)]) ?? '', /not ready after the request completed/);
  t.regex(checkInvariant(readyAfterCompletion, [...both, retrieve('guest', 1n, 0)]) ?? '', /retrieve answered Success \(0\) before/);
  // A third module's completion of its own request 1 completes neither.
  const third = [...both, launched('worker', 1n), completed('worker', 1n)];
  t.regex(checkInvariant(readyAfterCompletion, [...third, isReady('guest', 1n, true)]) ?? '', /ready before the request completed/);
  t.is(checkInvariant(readyAfterCompletion, [...third, completed('guest', 1n), isReady('guest', 1n, true), isReady('worker', 1n, true)]), undefined);
});

test("launch-resolves-target: a module's launch with the same request value in between does not stand in for the guest's", (t) => {
  // The guest's blocking launch of relay::forward (request 1) runs relay, which launches worker::work as its own request 1.
  const events = [
    created('guest', 1n, 'relay', 'forward'),
    launched('guest', 1n, 'relay', 'forward'),
    created('relay', 1n, 'worker', 'work'),
    launched('relay', 1n, 'worker', 'work'),
    launch('relay', 1n, 1n),
    launch('guest', 1n, 1n),
  ];
  t.is(checkInvariant(launchResolvesTarget, events), undefined);
  const wrong = [created('guest', 1n, 'relay', 'forward'), launched('guest', 1n, 'worker', 'work'), launched('relay', 1n, 'relay', 'forward'), launch('guest', 1n, 1n)];
  t.regex(checkInvariant(launchResolvesTarget, wrong) ?? '', /a launch by guest ran worker::work, but its function handle names relay::forward/);
});

test("faults-explained: another module's request with the same value is not taken for the failing one", (t) => {
  const inv = faultsExplained('faulty', [{ fn: 'trap', kind: 'trap', message: 'unreachable', afterUs: 0 }]);
  // guest's request 1 runs faulty::trap, relay's request 1 worker::echo, both in flight: relay's success is not the trap's.
  const both = [launched('guest', 1n, 'faulty', 'trap'), launched('relay', 1n)];
  t.is(checkInvariant(inv, [...both, completed('relay', 1n, 0), fault('guest', 1n, 'unreachable'), completed('guest', 1n, 4)]), undefined);
  t.regex(checkInvariant(inv, [...both, completed('relay', 1n, 0), completed('guest', 1n, 4)]) ?? '', /failed without a module.fault event/);
  t.regex(checkInvariant(inv, [...both, completed('guest', 1n, 0)]) ?? '', /completed with Success \(0\), expected InternalError/);
  // A fault named for relay's request is not the guest's: the guest's failure is still unexplained.
  t.regex(checkInvariant(inv, [...both, fault('relay', 1n, 'unreachable'), completed('guest', 1n, 4)]) ?? '', /failed without a module.fault event/);
  t.regex(checkInvariant(inv, [...both, fault('guest', 1n, 'oops'), completed('guest', 1n, 4)]) ?? '', /failed with trap "oops", expected trap "unreachable"/);
});
