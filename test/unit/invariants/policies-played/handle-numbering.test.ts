/** policies-played, handle numbering: sequential as the reference host numbers, random as the draws give. */
import test from 'ava';
import type { TraceEvent } from '../../../../sim/events.js';
import { ErrorCode } from '../../../../sim/host/codes.js';
import { DEFAULT_POLICIES, type HandleNumbering } from '../../../../sim/host/policies.js';
import { policiesPlayed } from '../../../../sim/invariants/policies-played/index.js';
import { checkInvariant, created, handleDrawn, latencyDrawn, launch, launched } from '../../../helpers/invariant-check.js';

const check = (handles: HandleNumbering, events: readonly TraceEvent[]): string | undefined =>
  checkInvariant(policiesPlayed({ ...DEFAULT_POLICIES, handles }), events);

const blocking = (caller: string, handle: bigint, request: bigint, code = 0): TraceEvent => ({ ...launch(caller, handle, request, code), blocking: true });

test('sequential: one counter from 1 for both kinds and every module, in the order issued', (t) => {
  t.is(check('sequential', [created('guest', 1n), launch('guest', 1n, 2n), created('relay', 3n), launch('relay', 3n, 4n)]), undefined);
  t.is(
    check('sequential', [created('guest', 1n), launch('guest', 1n, 1n)]),
    'policies-played (handles): launch issued handle 1 at t=0 under handles=sequential, after handle 1 (one counter from 1 for every handle, in the order issued)',
  );
  t.regex(check('sequential', [created('guest', 1n), created('relay', 1n)]) ?? '', /^policies-played \(handles\): create_function issued handle 1 at t=0 under handles=sequential, after handle 1/);
});

test('sequential: a reported request is issued at its req.launched, before what its blocking_launch runs', (t) => {
  const nested = [created('relay', 3n), launch('relay', 3n, 4n)];
  t.is(check('sequential', [created('guest', 1n), latencyDrawn(0), { ...launched('guest', 2n), blocking: true }, ...nested, blocking('guest', 1n, 2n)]), undefined);
});

test("sequential: an unreported blocking_launch's request fills the number skipped while it ran, or comes after", (t) => {
  const nested = [created('relay', 3n), launch('relay', 3n, 4n)];
  t.is(check('sequential', [created('guest', 1n), ...nested, blocking('guest', 1n, 2n)]), undefined, 'issued before its function ran');
  t.is(check('sequential', [created('guest', 1n), created('relay', 2n), blocking('guest', 1n, 3n)]), undefined, 'issued after');
  t.regex(check('sequential', [created('guest', 1n), created('guest', 2n), blocking('guest', 1n, 1n)]) ?? '', /^policies-played \(handles\): blocking_launch issued handle 1 at t=0 under handles=sequential, after handle 2/);
});

test('sequential: a number never issued fails the run at its end, unless a failed launch could have taken it', (t) => {
  t.is(
    check('sequential', [created('guest', 1n), created('guest', 3n)]),
    'policies-played (handles): create_function issued handle 3 at t=0 under handles=sequential, skipping 2: 1 number(s) were never issued, ' +
      'more than the 0 failed launch(es) that could have taken one (one counter from 1 for every handle)',
  );
  t.regex(check('sequential', [created('guest', 5n)]) ?? '', /issued handle 5 at t=0 under handles=sequential, skipping 1: 4 number\(s\)/, 'from 1');
  // The reference host takes a blocking launch's request before its function fails; unreported, it is a skipped number.
  t.is(check('sequential', [created('guest', 1n), created('relay', 3n), blocking('guest', 1n, 0n, ErrorCode.InternalError)]), undefined);
  t.regex(check('sequential', [created('guest', 1n), created('relay', 4n), blocking('guest', 1n, 0n, ErrorCode.InternalError)]) ?? '', /2 number\(s\) were never issued, more than the 1 failed/);
  t.regex(check('sequential', [created('guest', 1n), created('relay', 3n), blocking('guest', 1n, 0n, ErrorCode.InvalidArguments)]) ?? '', /skipping 2/, 'a bad handle takes no number');
});

test('sequential: a jump to u64::MAX is one range of skipped numbers, not 2^64 of them', (t) => {
  t.regex(check('sequential', [created('guest', 1n), created('guest', (1n << 64n) - 1n)]) ?? '', /18446744073709551613 number\(s\) were never issued/);
});

test('random: every handle is a value a handle draw gave, one handle per draw', (t) => {
  const v = 0x1234_5678_9abc_def0n;
  t.is(check('random', [handleDrawn(v), created('guest', v), handleDrawn(7n), launch('guest', v, 7n)]), undefined);
  t.is(check('random', [created('guest', 1n)]), 'policies-played (handles): create_function issued handle 1 at t=0 under handles=random, a value no handle draw gave');
  t.regex(check('random', [handleDrawn(v), created('guest', v), launch('guest', v, v)]) ?? '', /^policies-played \(handles\): launch issued handle \d+ at t=0 under handles=random, a value no handle draw gave$/);
  t.is(check('random', [handleDrawn(5n), handleDrawn(9n), created('guest', 9n)]), undefined, 'a draw that collided is drawn again');
});
