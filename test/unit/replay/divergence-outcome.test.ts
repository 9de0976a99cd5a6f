/**
 * A replay that does not match fails as a divergence wherever it diverges. A divergence
 * at the last event (only the recorded outcome differs) or past the run's end (the
 * trace has fewer or more events) is found after the run has ended, and once reported
 * the run's own outcome, a pass, for a replay that failed.
 */
import test, { type ExecutionContext } from 'ava';
import type { TraceEvent } from '../../../sim/events.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { replayGuestOnly } from '../../../sim/replay/guest-only.js';
import { replayRun, type RecordedRun, type ReplayResult } from '../../../sim/replay/replay.js';
import { catalogue } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { record } from '../../helpers/record.js';

const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout')!);
const recorded = record(target, { seed: 7, strategy: { kind: 'random' } });
const edited = (edit: (events: TraceEvent[]) => void): RecordedRun => {
  const events = [...recorded.events];
  edit(events);
  return { ...recorded, events };
};
const last = recorded.events.length - 1;

/** What an earlier-in-run divergence reports: a failure whose message is the divergence's. */
function assertDivergenceFailure(t: ExecutionContext, r: ReplayResult, index: number): void {
  t.false(r.matched);
  t.is(r.divergence?.index, index);
  t.deepEqual(r.outcome, { kind: 'failure', reason: 'divergence', message: r.divergence?.message ?? '' });
}

test('the recorded outcome alone differs: the replay fails as a divergence at the last event, not with the run\'s pass', (t) => {
  const other = { kind: 'failure', reason: 'invariant', message: 'x' } as const;
  const r = replayRun(target.build(), edited((e) => (e[last] = { t: 'run.outcome', at: e[last]!.at, outcome: other })), 'exact');
  t.deepEqual(r.run.outcome, { kind: 'pass' }, 'the run itself passed');
  assertDivergenceFailure(t, r, last);
});

test('a trace with fewer events (the run goes on) or more (the run ends first) fails as a divergence', (t) => {
  assertDivergenceFailure(t, replayRun(target.build(), edited((e) => e.pop()), 'exact'), last);
  assertDivergenceFailure(t, replayRun(target.build(), edited((e) => e.push(e[last]!)), 'exact'), last + 1);
});

test('a mid-run divergence reports the same shape of outcome (the rule the end-of-run ones now follow)', (t) => {
  const r = replayRun(target.build(), edited((e) => e.splice(3, 0, { t: 'log', at: 0, module: 'x', message: 'y' })), 'exact');
  assertDivergenceFailure(t, r, 3);
});

test('guest-only: a trace with more of the guest\'s frames than it runs fails as a divergence too', (t) => {
  const guest = programGuest('guest', function* () {
    yield;
  });
  const once = record({ ...target, build: () => ({ ...target.build(), guest }) }, { seed: 1 });
  const frames = once.events.filter((e) => e.t === 'frame').length;
  const more = { ...once, events: [...once.events.slice(0, -1), { t: 'frame', at: 33_334, index: frames } as const, once.events.at(-1)!] };
  const r = replayGuestOnly(guest, more);
  t.false(r.matched);
  t.like(r.outcome, { kind: 'failure', reason: 'divergence', message: r.divergence?.message ?? '' });
});
