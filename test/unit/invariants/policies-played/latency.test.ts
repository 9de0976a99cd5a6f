/** policies-played, latency: drawn from the policy's distribution, and no request served before it is due. */
import test from 'ava';
import type { TraceEvent } from '../../../../sim/events.js';
import { ErrorCode } from '../../../../sim/host/codes.js';
import { DEFAULT_POLICIES, type LatencySpec } from '../../../../sim/host/policies.js';
import { policiesPlayed } from '../../../../sim/invariants/policies-played/index.js';
import { checkInvariant, completed, created, isReady, latencyDrawn, launch, launched, retrieve } from '../../../helpers/invariant-check.js';

const check = (latency: LatencySpec, events: readonly TraceEvent[]): string | undefined =>
  checkInvariant(policiesPlayed({ ...DEFAULT_POLICIES, latency }), events);

const FIXED: LatencySpec = { kind: 'fixed', us: 1000 };

/** Function 1; request 2 launched at t=0 with a drawn latency of 1000 us, so due at t=1000. */
const dueAt1000 = (blocking = false): TraceEvent[] => [created('guest', 1n), latencyDrawn(1000), { ...launched('guest', 2n), blocking, due: 1000 }];

test('every latency drawn is one the policy can give', (t) => {
  t.is(check(FIXED, [latencyDrawn(1000)]), undefined);
  t.is(check(FIXED, [latencyDrawn(0)]), 'policies-played (latency): the host drew a latency of 0 us at t=0, which latency=fixed:1000 cannot give');
  const uniform: LatencySpec = { kind: 'uniform', min: 10, max: 20 };
  t.is(check(uniform, [latencyDrawn(10), latencyDrawn(20)]), undefined);
  t.regex(check(uniform, [latencyDrawn(21)]) ?? '', /latency of 21 us at t=0, which latency=uniform:10-20 cannot give$/);
});

test('a reported request is due at its launch plus a latency drawn for it, one request per draw', (t) => {
  t.is(check(FIXED, dueAt1000()), undefined);
  t.is(
    check(FIXED, [created('guest', 1n), latencyDrawn(1000), { ...launched('guest', 2n), due: 700 }]),
    'policies-played (latency): launch of worker::echo at t=0 is due at t=700 (after 700 us), a latency no draw gave under latency=fixed:1000',
  );
  t.regex(check(FIXED, [...dueAt1000(), { ...launched('guest', 3n), due: 1000 }]) ?? '', /^policies-played \(latency\): launch of worker::echo at t=0 is due at t=1000 \(after 1000 us\), a latency no draw gave/);
});

test('a reported request does not complete, read ready or hand out its result before it is due', (t) => {
  const at = (e: TraceEvent, time: number): TraceEvent => ({ ...e, at: time });
  t.is(check(FIXED, [...dueAt1000(), at(completed('guest', 2n), 1000), at(isReady('guest', 2n, true), 1000), at(retrieve('guest', 2n, ErrorCode.Success), 1000)]), undefined);
  t.is(
    check(FIXED, [...dueAt1000(), at(completed('guest', 2n), 999)]),
    'policies-played (latency): the request of launch of worker::echo at t=0 completed at t=999, before its due time t=1000, under latency=fixed:1000',
  );
  t.is(
    check(FIXED, [...dueAt1000(), isReady('guest', 2n, true)]),
    'policies-played (latency): is_ready said ready at t=1 for the request of launch of worker::echo at t=0, before its due time t=1000, under latency=fixed:1000',
  );
  t.is(check(FIXED, [...dueAt1000(), isReady('guest', 2n, false)]), undefined, 'not ready yet');
  t.regex(check(FIXED, [...dueAt1000(), retrieve('guest', 2n, ErrorCode.InternalError)]) ?? '', /^policies-played \(latency\): retrieve returned InternalError at t=1 for the request of launch of worker::echo/);
  t.is(check(FIXED, [...dueAt1000(), retrieve('guest', 2n, ErrorCode.Unavailable)]), undefined);
  const returned = (end: number): TraceEvent => ({ ...launch('guest', 1n, 2n), blocking: true, end });
  t.is(check(FIXED, [...dueAt1000(true), returned(1000)]), undefined);
  t.is(
    check(FIXED, [...dueAt1000(true), returned(10)]),
    "policies-played (latency): blocking_launch of worker::echo at t=0 returned at t=10, before its request's due time t=1000, under latency=fixed:1000",
  );
});

test('a request the host does not report has no due time to judge', (t) => {
  t.is(check(FIXED, [created('guest', 1n), launch('guest', 1n, 2n), isReady('guest', 2n, true), retrieve('guest', 2n, ErrorCode.Success)]), undefined);
});
