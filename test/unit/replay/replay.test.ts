import test from 'ava';
import { catalogue } from '../../../scenarios/index.js';
import { scenarioTarget } from '../../../scenarios/target.js';
import { ReferenceHost } from '../../../sim/host/reference-host.js';
import { ok, type FfiResult, type IsReadyValue } from '../../../sim/host/api.js';
import type { HostEnv } from '../../../sim/host/reference-host.js';
import { replayRun } from '../../../sim/replay/replay.js';
import { replayGuestOnly } from '../../../sim/replay/guest-only.js';
import { checkConformance } from '../../../sim/replay/conformance.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { assumesLaunchOrder } from '../../fixtures/buggy-guests.js';
import { WrongSizeHost } from '../../fixtures/buggy-hosts.js';
import { record } from '../../helpers/record.js';
import { parseStrategy } from '../../../sim/scheduler/strategy.js';


test('exact replay of a recorded run reproduces it event for event, for every catalogue scenario and strategy', (t) => {
  for (const scenario of catalogue) {
    const target = scenarioTarget(scenario);
    for (let seed = 0; seed < 20; seed++) {
      for (const strategy of [{ kind: 'random' } as const, { kind: 'pct', depth: 3, steps: 20 } as const]) {
        const recorded = record(target, { seed, strategy });
        const r = replayRun(target.build(), recorded, 'exact');
        if (!r.matched) return t.fail(`${scenario.name} seed ${seed}: ${r.divergence?.report()}`);
        t.deepEqual(r.outcome, r.recordedOutcome);
      }
    }
  }
  t.pass();
});

test('replay takes randomness from the trace, not the seed: another seed in the header still replays exactly', (t) => {
  const recorded = record(assumesLaunchOrder, { seed: 11, strategy: { kind: 'random' } });
  t.true(recorded.events.some((e) => e.t === 'sched.decision'));
  const r = replayRun(assumesLaunchOrder.build(), { ...recorded, seed: 'another seed entirely', strategy: { kind: 'pct', depth: 5, steps: 3 } }, 'exact');
  t.true(r.matched, r.divergence?.report());
});

/** Reports a size one larger on ready: one behaviour changed. */
class OffByOneSizeHost extends ReferenceHost {
  override isReady(caller: string, request: bigint): FfiResult<IsReadyValue> {
    const r = super.isReady(caller, request);
    return r.code === 0 && r.value.ready ? ok({ ready: true, size: r.value.size + 1 }) : r;
  }
}

test('an altered host makes exact replay report a divergence at the first affected event', (t) => {
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout') ?? catalogue[0]!);
  const recorded = record(target, { seed: 4, strategy: { kind: 'random' } });
  const firstReady = recorded.events.findIndex((e) => e.t === 'ffi.is_ready' && e.ready);
  t.true(firstReady > 0);
  const r = replayRun(target.build(), recorded, 'exact', { host: (env) => new OffByOneSizeHost(env) });
  t.false(r.matched);
  t.is(r.divergence?.index, firstReady);
  t.regex(r.divergence?.message ?? '', /size: 4 → 5/);
  t.like(r.outcome, { kind: 'failure', reason: 'divergence' });
  t.is(r.divergence?.preceding.length, 5);
  t.regex(r.divergence?.report() ?? '', /^- #\d+ {2}expected ffi\.is_ready/m);
});

test('a trace longer than the run diverges where the run ends', (t) => {
  const recorded = record(assumesLaunchOrder, { seed: 3, strategy: { kind: 'fifo' } });
  const extra = { ...recorded, events: [...recorded.events.slice(0, -1), { t: 'log', at: 0, module: 'x', message: 'y' } as const, recorded.events.at(-1)!] };
  const r = replayRun(assumesLaunchOrder.build(), extra, 'exact');
  t.false(r.matched);
  t.is(r.divergence?.index, recorded.events.length - 1);
});

test('check mode follows the schedule while it applies and judges the fixed guest by its own outcome', (t) => {
  // Find a failing launch-order run, then "fix" the guest (it no longer assumes the order).
  let failing;
  for (let seed = 0; failing === undefined; seed++) {
    const r = record(assumesLaunchOrder, { seed, strategy: { kind: 'random' } });
    if (r.events.at(-1)?.t === 'run.outcome' && (r.events.at(-1) as { outcome: { kind: string } }).outcome.kind === 'failure') failing = r;
  }
  t.like(replayRun(assumesLaunchOrder.build(), failing, 'check').outcome, { kind: 'failure' }, 'unfixed: still fails');
  const fixed = {
    ...assumesLaunchOrder.build(),
    guest: programGuest('guest', function* (ffi) {
      const f = ffi.createFunction(1, 'worker', 'echo');
      const requests = [0, 1, 2, 3].map((i) => ffi.launch(f.handle, new Uint8Array([i])).request);
      const left = new Set(requests);
      while (left.size > 0) {
        yield;
        for (const r of left) {
          if (!ffi.isReady(r).isReady) continue;
          ffi.retrieve(r, 1);
          left.delete(r);
        }
      }
    }),
  };
  const r = replayRun(fixed, failing, 'check');
  t.deepEqual(r.outcome, { kind: 'pass' });
});

test('guest-only replay answers the guest from the trace alone, without its modules', (t) => {
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout')!);
  const recorded = record(target, { seed: 9, strategy: { kind: 'random' } });
  const r = replayGuestOnly(target.build().guest, recorded);
  t.true(r.matched, r.divergence?.report());
  t.deepEqual(r.outcome, { kind: 'pass' });
  t.is(r.run.events > 0, true);
});

test('guest-only replay names the first call where the guest differs from the trace', (t) => {
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout')!);
  const recorded = record(target, { seed: 9, strategy: { kind: 'random' } });
  const other = programGuest('guest', function* (ffi) {
    ffi.createFunction(1, 'worker', 'echo'); // the trace has worker.work
    yield;
  });
  const r = replayGuestOnly(other, recorded);
  t.false(r.matched);
  t.like(r.outcome, { kind: 'failure', reason: 'divergence' });
  t.regex(r.outcome.kind === 'failure' ? r.outcome.message : '', /guest call #0 was ffi\.create_function .*name=echo/);
});

test('conformance: the reference host answers a recorded guest exactly; a broken host shows every difference', (t) => {
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout')!);
  const recorded = record(target, { seed: 2, strategy: { kind: 'fifo' } });
  const good = checkConformance(target.build(), recorded, 'guest', (env) => new ReferenceHost(env));
  t.true(good.calls > 10);
  t.deepEqual(good.differences, []);
  t.deepEqual(good.violations, []);
  const bad = checkConformance(target.build(), recorded, 'guest', (env) => new WrongSizeHost(env));
  t.true(bad.differences.length >= 8, `${bad.differences.length} differences`);
  t.regex(bad.differences[0]?.actual ?? '', /size 5/);
});

test('conformance runs the invariants without stopping the run: a host whose answers match but whose own events do not is caught', (t) => {
  // A host that answers every call as the reference host does but reports no module.fault:
  // the answers alone show nothing; faults-explained sees every failure unexplained.
  const target = scenarioTarget(catalogue.find((s) => s.name === 'callee-trap-and-panic')!);
  const recorded = record(target, { seed: 1, strategy: { kind: 'fifo' } });
  const silent = (env: HostEnv): ReferenceHost => new ReferenceHost({ ...env, sink: { emit: (e) => (e.t === 'module.fault' ? undefined : env.sink.emit(e)) } });
  const r = checkConformance(target.build(), recorded, 'guest', silent);
  t.deepEqual(r.differences, []);
  t.is(r.unplayed, 0);
  t.is(r.violations.length, 1, 'the first violation of each invariant only');
  t.regex(r.violations[0] ?? '', /^faults-explained: faulty::\w+ failed without a module\.fault event$/);
});

test('conformance follows the recorded schedule: the reference host matches its own traces recorded under random and pct', (t) => {
  // Latency of exactly one frame: completions tie with the frame tick, so the schedule decides what is ready when.
  const target = scenarioTarget(catalogue.find((s) => s.name === 'fanout')!);
  const policies = { ...target.policies, latency: { kind: 'fixed', us: 16_667 } } as const;
  for (const strategy of [parseStrategy('random'), parseStrategy('pct:3')]) {
    for (const seed of [1, 2, 3, 4, 5]) {
      const recorded = record(target, { seed, strategy, policies });
      const r = checkConformance(target.build(), recorded, 'guest', (env) => new ReferenceHost(env));
      t.deepEqual(r.differences, [], `${strategy.kind} seed ${seed}`);
      t.deepEqual(r.violations, [], `${strategy.kind} seed ${seed}`);
      t.is(r.unplayed, 0);
    }
  }
});

test('conformance: a host whose run ends early (a blocking launch that never completes) differs at the first call never made', (t) => {
  const target = scenarioTarget(catalogue.find((s) => s.name === 'blocking-launch')!);
  const recorded = record(target, { seed: 1, strategy: { kind: 'fifo' } });
  class NeverCompletes extends ReferenceHost {
    override blockingLaunch(caller: string, handle: bigint, input: Uint8Array): FfiResult<bigint> {
      const r = this.launch(caller, handle, input);
      const entry = r.code === 0 ? this.requests.get(r.value) : undefined;
      if (entry === undefined) return r;
      entry.subscription?.unsubscribe();
      return this.awaitBlocking(entry);
    }
  }
  const r = checkConformance(target.build(), recorded, 'guest', (env) => new NeverCompletes(env));
  t.like(r.outcome, { kind: 'failure', reason: 'deadlock' });
  t.true(r.unplayed > 0);
  t.regex(r.differences.at(-1)?.actual ?? '', /the run ended before it: failure \(deadlock\)/);
});
