/** policies-played, injected faults: one true fault draw per injected fault, and none under faults=0. */
import test from 'ava';
import type { TraceEvent } from '../../../../sim/events.js';
import { DEFAULT_POLICIES } from '../../../../sim/host/policies.js';
import { policiesPlayed } from '../../../../sim/invariants/policies-played/index.js';
import { checkInvariant, faultDrawn, moduleFault } from '../../../helpers/invariant-check.js';

const check = (faults: number, events: readonly TraceEvent[]): string | undefined =>
  checkInvariant(policiesPlayed({ ...DEFAULT_POLICIES, faults }), events);

test('an injected fault needs a fault draw that said true, one per fault', (t) => {
  t.is(check(0.3, [faultDrawn(false), faultDrawn(true), moduleFault('guest', 0n, 'injected')]), undefined);
  t.is(check(0.3, [moduleFault('guest', 0n, 'injected')]), 'policies-played (faults): launch of worker::echo failed with an injected fault at t=1 under faults=0.3, but no fault draw said so');
  t.regex(check(0.3, [faultDrawn(false), moduleFault('guest', 0n, 'injected')]) ?? '', /no fault draw said so$/);
  t.regex(check(0.3, [faultDrawn(true), moduleFault('guest', 0n, 'injected'), moduleFault('guest', 0n, 'injected')]) ?? '', /no fault draw said so$/);
  t.is(check(0.3, [moduleFault('guest', 2n, 'code')]), undefined, 'a function failing is no injected fault');
});

test('under faults=0 no fault draw says true, and nothing is injected', (t) => {
  t.is(check(0, [faultDrawn(false)]), undefined);
  t.is(check(0, [faultDrawn(true)]), 'policies-played (faults): a fault draw said true at t=0 under faults=0 (the host drew with a probability of its own)');
  t.regex(check(0, [moduleFault('guest', 0n, 'injected')]) ?? '', /under faults=0, but no fault draw said so$/);
});
