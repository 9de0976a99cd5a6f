/**
 * How much of the recorded schedule a replay used. A check-mode run can end early (a
 * changed module fails at once) without ever leaving the schedule; "never left it" is
 * then not "followed it to the end", and the counts tell them apart.
 */
import test from 'ava';
import type { RecordedRun } from '../../../sim/replay/replay.js';
import { replayRun } from '../../../sim/replay/replay.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { FunctionSource } from '../../../sim/host/codes.js';
import { assumesLaunchOrder } from '../../fixtures/buggy-guests.js';
import { record } from '../../helpers/record.js';

/** A recorded run with scheduling decisions and latency draws to follow. */
function withDecisions(): RecordedRun {
  for (let seed = 0; ; seed++) {
    const r = record(assumesLaunchOrder, { seed, strategy: { kind: 'random' } });
    if (r.events.some((e) => e.t === 'sched.decision')) return r;
  }
}
const recorded = withDecisions();
const decisions = recorded.events.filter((e) => e.t === 'sched.decision').length;
const draws = recorded.events.filter((e) => e.t.startsWith('draw.')).length;

test('a replay of the recorded run uses every recorded decision and draw', (t) => {
  for (const mode of ['exact', 'check'] as const) {
    const r = replayRun(assumesLaunchOrder.build(), recorded, mode);
    t.is(r.offTrack, undefined);
    t.deepEqual(r.schedule, { decisions: { used: decisions, recorded: decisions }, draws: { used: draws, recorded: draws } }, mode);
  }
});

test('check mode: a guest that now fails before launching stays on the schedule but uses none of it', (t) => {
  const early = {
    ...assumesLaunchOrder.build(),
    guest: programGuest('guest', function* (ffi, env) {
      ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      env.fail('gave up before launching');
      yield;
    }),
  };
  const r = replayRun(early, recorded, 'check');
  t.like(r.outcome, { kind: 'failure', reason: 'panic' });
  t.is(r.offTrack, undefined, 'it never left the schedule');
  t.deepEqual(r.schedule, { decisions: { used: 0, recorded: decisions }, draws: { used: 0, recorded: draws } });
  t.true(decisions > 0 && draws > 0);
});

test('check mode: a run that leaves the schedule says where, and how much it had used', (t) => {
  // Eight launches instead of four: the fifth latency draw has no recorded one to take.
  const more = {
    ...assumesLaunchOrder.build(),
    guest: programGuest('guest', function* (ffi) {
      const f = ffi.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
      for (let i = 0; i < 8; i++) ffi.launch(f.handle, Uint8Array.of(i));
      yield;
      yield;
    }),
  };
  const r = replayRun(more, recorded, 'check');
  t.is(r.offTrack, `draw ${draws} (draw.latency) does not match the trace`);
  t.is(r.run.offTrack, r.offTrack);
  t.is(r.schedule?.draws.used, draws);
  t.is(r.schedule?.decisions.used, 0, 'the recorded decisions came after the launches');
});
