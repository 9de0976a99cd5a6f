/**
 * One bug, one failure: `failureSignature` masks the per-run numbers a guest's message
 * carries, so exploring a host with one bug lists it once (and saves and shrinks it once),
 * while failures that differ in words stay apart.
 */
import test from 'ava';
import { findScenario } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { explore } from '../../../sim/explore/explore.js';
import { shrink } from '../../../sim/explore/shrink.js';
import { ok, type FfiResult } from '../../../sim/host/api.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import type { TraceEvent } from '../../../sim/events.js';
import { DEFAULT_POLICIES } from '../../../sim/host/policies.js';
import { policiesPlayed } from '../../../sim/invariants/policies-played/index.js';
import { failureSignature, sameFailure, type RunOutcome } from '../../../sim/outcome.js';
import { WrongSizeHost } from '../../fixtures/buggy-hosts.js';

const panic = (message: string, module = 'guest'): RunOutcome => ({ kind: 'failure', reason: 'panic', message, module });

test('standalone numbers, decimal and hex, do not tell failures apart', (t) => {
  t.true(sameFailure(panic('is_ready(blocking work): size 17, expected 16'), panic('is_ready(blocking work): size 43, expected 42')));
  t.true(sameFailure(panic('handle 0x3fa9c2 revived at frame 7'), panic('handle 0X11 revived at frame 12')));
  t.true(sameFailure(panic('job #25 failed'), panic('job #3 failed')));
  t.is(failureSignature(panic('size 17, expected 16')), 'panic|guest|size #, expected #');
});

test('a list of bytes in hex (the catalogue prints outputs so) does not tell failures apart either', (t) => {
  // scenarios/util.ts describeBytes: "0a" or "e6" are not standalone numbers, yet they are per-run values.
  const got = (a: string, b: string): RunOutcome => panic(`retrieve(job 25): got 4 bytes [${a}], expected 4 bytes [${b}] (first difference at byte 0)`);
  t.true(sameFailure(got('83 0a 08 03', 'e6 19 08 03'), got('21 11 03 03', 'df 05 03 03')));
  t.true(sameFailure(panic('got 20 bytes [00 0a .. ff 03]'), panic('got 24 bytes [be ef .. 00 01]')));
  // Rust's {:x?} and {:02x?} of a byte slice
  t.true(sameFailure(panic('output [a, ff, 3]'), panic('output [0x1c, 0x02]')));
  t.is(failureSignature(got('83 0a 08 03', 'e6 19 08 03')), 'panic|guest|retrieve(job #): got # bytes [#], expected # bytes [#] (first difference at byte #)');
  // Words in brackets are not bytes.
  t.false(sameFailure(panic('[results] reverse'), panic('[nested] reverse')));
  t.false(sameFailure(panic('mode [add]'), panic('mode [dec]')));
});

test('words, digits inside words, reason and module still tell failures apart', (t) => {
  t.false(sameFailure(panic('is_ready(echo): size 4, expected 3'), panic('is_ready(work): size 4, expected 3')));
  t.false(sameFailure(panic('sha256 mismatch'), panic('sha512 mismatch')));
  t.false(sameFailure(panic('size 4, expected 3', 'guest'), panic('size 4, expected 3', 'callee')));
  t.false(sameFailure(panic('gave up'), { kind: 'failure', reason: 'trap', message: 'gave up', module: 'guest' }));
});

test('an invariant violation is keyed by the invariant, whatever its details say', (t) => {
  const v = (message: string): RunOutcome => ({ kind: 'failure', reason: 'invariant', message });
  t.true(sameFailure(v('handle-unique: handle 7 issued twice'), v('handle-unique: the host issued the same handle twice')));
  t.false(sameFailure(v('handle-unique: x'), v('all-retrieved: x')));
});

test('a host that misreports sizes is one failure per check in retrieve-wrong-size, not one per size', (t) => {
  const scenario = findScenario('retrieve-wrong-size');
  if (scenario === undefined) return t.fail('retrieve-wrong-size is not in the catalogue');
  const target = scenarioTarget(scenario);
  const config = { runs: 150, seed: '1', strategy: { kind: 'random' } as const, swarm: false, stopAtFirst: false };
  const report = explore(target, config, { host: (env) => new WrongSizeHost(env) });
  const messages = new Set(report.failures.map((f) => (f.outcome.kind === 'failure' ? f.outcome.message : 'pass')));
  t.true(messages.size >= 5, `the failing runs report various sizes (${messages.size} messages)`);
  t.is(report.distinct.length, 1, [...messages].slice(0, 5).join(' / '));
  // The shrinker accepts the same check failing with other sizes as the same failure.
  const first = report.distinct[0];
  if (first === undefined) return t.fail('no failure found');
  const s = shrink(target, first.plan, { host: (env) => new WrongSizeHost(env) });
  t.true(s.reproduced);
  if (s.reproduced) t.true(sameFailure(s.outcome, first.outcome));
});

/** Returns every output with its bytes reversed: same sizes, wrong bytes, which differ from run to run. */
class ReversingHost extends ReferenceHost {
  override retrieve(caller: string, request: bigint, len: number): FfiResult<Uint8Array> {
    const r = super.retrieve(caller, request, len);
    return r.code === 0 && r.value.length > 1 ? ok(r.value.slice().reverse()) : r;
  }
}

test('a host that garbles outputs is one failure in fanout-wide, not one per set of bytes', (t) => {
  const scenario = findScenario('fanout-wide');
  if (scenario === undefined) return t.fail('fanout-wide is not in the catalogue');
  const config = { runs: 60, seed: '1', strategy: { kind: 'random' } as const, swarm: false, stopAtFirst: false };
  const report = explore(scenarioTarget(scenario), config, { host: (env) => new ReversingHost(env) });
  const messages = new Set(report.failures.map((f) => (f.outcome.kind === 'failure' ? f.outcome.message : 'pass')));
  t.true(messages.size >= 5, `the failing runs report various bytes (${messages.size} messages)`);
  t.is(report.distinct.length, 1, [...messages].slice(0, 5).join(' / '));
});

test('policies-played: violations of one policy are one failure, of two policies two', (t) => {
  const played = policiesPlayed({ ...DEFAULT_POLICIES, errors: 'deferred', handles: 'random' }).create();
  const launch = (at: number): TraceEvent => ({ t: 'ffi.launch', at, end: at, caller: 'guest', blocking: false, handle: 1n, input: new Uint8Array(0), code: 6, request: 0n });
  const violation = (e: TraceEvent): RunOutcome => ({ kind: 'failure', reason: 'invariant', message: played.observe(e) ?? '' });
  const early = violation(launch(1));
  const late = violation(launch(900));
  const created: TraceEvent = { t: 'ffi.create_function', at: 2, caller: 'guest', fnType: 0, module: 'worker', name: 'echo', code: 0, handle: 5n };
  const undrawn = violation(created);
  t.regex(early.kind === 'failure' ? early.message : '', /^policies-played \(errors\): launch returned NotFound at t=1 /);
  t.regex(undrawn.kind === 'failure' ? undrawn.message : '', /^policies-played \(handles\): create_function issued handle 5 /);
  t.true(sameFailure(early, late));
  t.false(sameFailure(early, undrawn));
});
