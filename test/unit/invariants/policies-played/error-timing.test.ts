/** policies-played, error timing: where a launch error may reach the caller under each policy. */
import test from 'ava';
import type { TraceEvent } from '../../../../sim/events.js';
import { ErrorCode } from '../../../../sim/host/codes.js';
import { DEFAULT_POLICIES, type ErrorTiming } from '../../../../sim/host/policies.js';
import { policiesPlayed } from '../../../../sim/invariants/policies-played/index.js';
import { checkInvariant, completed, created, faultDrawn, isReady, latencyDrawn, launch, launched, moduleFault, retrieve } from '../../../helpers/invariant-check.js';

const { Success, InternalError, NotFound, InvalidArguments } = ErrorCode;

// Faults on: the injected faults below come with the draws that decided them.
const check = (errors: ErrorTiming, events: readonly TraceEvent[]): string | undefined =>
  checkInvariant(policiesPlayed({ ...DEFAULT_POLICIES, errors, faults: 0.5 }), events);

/** Function 1, request 2 handed out by an async or blocking launch (sequential numbering). */
const handedOut = (blocking = false): TraceEvent[] => [created('guest', 1n), { ...launch('guest', 1n, 2n), blocking }];
const readySized = (size: number): TraceEvent => ({ ...isReady('guest', 2n, true), size });

test('errors=deferred: a launch or blocking_launch returning NotFound or InternalError fails, naming the call', (t) => {
  const failed = (blocking: boolean, code: number): TraceEvent[] => [created('guest', 1n), { ...launch('guest', 1n, 0n, code), blocking, at: 5 }];
  t.is(check('deferred', failed(false, NotFound)), 'policies-played (errors): launch returned NotFound at t=5 under errors=deferred (the error must come from retrieve)');
  t.is(check('deferred', failed(true, InternalError)), 'policies-played (errors): blocking_launch returned InternalError at t=5 under errors=deferred (the error must come from retrieve)');
  t.is(check('deferred', failed(false, InvalidArguments)), undefined, 'a bad handle is no launch error');
  t.is(check('eager', failed(false, NotFound)), undefined);
  t.is(check('eager', failed(true, InternalError)), undefined);
});

test('errors=deferred: the error comes from retrieve after is_ready said size 0; not after a nonzero size', (t) => {
  t.is(check('deferred', [...handedOut(), readySized(0), retrieve('guest', 2n, NotFound)]), undefined);
  t.is(check('deferred', [...handedOut(true), retrieve('guest', 2n, InternalError)]), undefined, 'never asked: nothing said');
  t.is(
    check('deferred', [...handedOut(), readySized(3), retrieve('guest', 2n, InternalError)]),
    'policies-played (errors): retrieve returned InternalError at t=1 after is_ready said size 3 under errors=deferred (a failed request reads ready with size 0)',
  );
  t.is(check('deferred', [...handedOut(), readySized(3), retrieve('guest', 2n, Success)]), undefined);
});

test('errors=eager: NotFound never comes from retrieve', (t) => {
  t.is(check('eager', [...handedOut(), retrieve('guest', 2n, NotFound)]), 'policies-played (errors): retrieve returned NotFound at t=1 under errors=eager (the launch must return it)');
  t.is(check('deferred', [...handedOut(), retrieve('guest', 2n, NotFound)]), undefined);
});

test("errors=eager: InternalError from retrieve is an async launch's failed function, but never a blocking_launch's", (t) => {
  t.is(check('eager', [...handedOut(false), retrieve('guest', 2n, InternalError)]), undefined);
  t.is(
    check('eager', [...handedOut(true), retrieve('guest', 2n, InternalError)]),
    'policies-played (errors): retrieve returned InternalError at t=1 for a request of blocking_launch under errors=eager (the blocking_launch must return it)',
  );
  t.is(check('deferred', [...handedOut(true), retrieve('guest', 2n, InternalError)]), undefined);
});

test('errors=eager: an injected fault or NotFound never fails a request an async launch handed out', (t) => {
  // The host reports request 2: a true fault draw, launched at t=0, due at once (a drawn latency of 0).
  const reported = (blocking: boolean): TraceEvent[] => [
    created('guest', 1n),
    faultDrawn(true),
    latencyDrawn(0),
    { ...launched('guest', 2n), blocking },
    { ...launch('guest', 1n, 2n), blocking },
  ];
  t.is(
    check('eager', [...reported(false), moduleFault('guest', 2n, 'injected'), completed('guest', 2n, InternalError)]),
    'policies-played (errors): launch of worker::echo at t=0 handed out a request that failed with an injected fault at t=1 under errors=eager (the launch must return InternalError)',
  );
  t.regex(check('eager', [...reported(false), moduleFault('guest', 2n, 'not-found')]) ?? '', /failed with NotFound at t=1 under errors=eager \(the launch must return NotFound\)$/);
  t.is(check('eager', [...reported(false), moduleFault('guest', 2n, 'code')]), undefined, 'the function failed: InternalError from retrieve');
  t.is(check('deferred', [...reported(false), moduleFault('guest', 2n, 'injected')]), undefined);
  // A blocking launch waits for the fault and returns it itself (judged at its retrieve, above).
  t.is(check('eager', [...reported(true).slice(0, 4), moduleFault('guest', 2n, 'injected')]), undefined);
  // The reference host names no request when the launch returned the error.
  t.is(check('eager', [created('guest', 1n), faultDrawn(true), moduleFault('guest', 0n, 'injected'), launch('guest', 1n, 0n, InternalError)]), undefined);
});
