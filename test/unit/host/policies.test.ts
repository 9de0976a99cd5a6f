import test from 'ava';
import { ErrorCode, FunctionSource } from '../../../sim/host/codes.js';
import { applyPolicy, DEFAULT_POLICIES, formatPolicies, parsePolicies, PolicyParseError } from '../../../sim/host/policies.js';
import { bytes, harness } from '../../helpers/harness.js';

const { Success, InternalError } = ErrorCode;

function completionTimes(seed: number, latency: Parameters<typeof harness>[0] extends infer O ? O : never): number[] {
  const h = harness({ seed, ...latency });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  for (let i = 0; i < 50; i++) h.guest.launch(f.handle, bytes(i));
  h.scheduler.flush();
  return h.events.flatMap((e) => (e.t === 'req.completed' ? [e.at] : []));
}

test('latency=fixed:US completes every launch exactly US virtual microseconds later', (t) => {
  const times = completionTimes(1, { policies: { latency: { kind: 'fixed', us: 1234 } } });
  t.is(times.length, 50);
  t.true(times.every((x) => x === 1234));
});

test('latency=uniform:MIN-MAX draws from the seed within [MIN, MAX], varying so completions reorder', (t) => {
  const policies = { latency: { kind: 'uniform', min: 100, max: 900 } } as const;
  const a = completionTimes(1, { policies });
  t.deepEqual(completionTimes(1, { policies }), a, 'same seed, same latencies');
  t.notDeepEqual(completionTimes(2, { policies }), a);
  t.true(a.every((x) => x >= 100 && x <= 900));
  t.true(new Set(a).size > 20, 'latencies vary');
});

test('the default latency varies across seeds (async completions can reorder)', (t) => {
  t.is(DEFAULT_POLICIES.latency.kind, 'uniform');
  const a = completionTimes(1, { policies: { latency: DEFAULT_POLICIES.latency } });
  const b = completionTimes(2, { policies: { latency: DEFAULT_POLICIES.latency } });
  t.notDeepEqual(a, b);
});

test('faults=1 under eager: every launch returns InternalError at launch', (t) => {
  const h = harness({ policies: { faults: 1, errors: 'eager' } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  for (let i = 0; i < 10; i++) t.is(h.guest.launch(f.handle, bytes()).code, InternalError);
  t.is(h.guest.blockingLaunch(f.handle, bytes()).code, InternalError);
});

test('faults=1 under deferred: launches succeed and retrieve returns InternalError', (t) => {
  const h = harness({ policies: { faults: 1, errors: 'deferred' } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  const r = h.guest.launch(f.handle, bytes(1));
  t.is(r.code, Success);
  h.scheduler.flush();
  t.deepEqual(h.guest.isReady(r.request), { code: Success, isReady: true, size: 0 });
  t.is(h.guest.retrieve(r.request, 0).code, InternalError);
});

test('faults=P injects InternalError on about a fraction P of launches, the same ones for the same seed', (t) => {
  const failures = (seed: number): boolean[] => {
    const h = harness({ seed, policies: { faults: 0.25, errors: 'eager' } });
    const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
    return Array.from({ length: 2000 }, () => h.guest.launch(f.handle, bytes()).code === InternalError);
  };
  const a = failures(3);
  t.deepEqual(failures(3), a);
  const rate = a.filter(Boolean).length / a.length;
  t.true(rate > 0.2 && rate < 0.3, `rate ${rate}`);
});

test('faults=0 draws nothing, so a scenario without faults has no draw.fault events', (t) => {
  const h = harness({ policies: { faults: 0 } });
  const f = h.guest.createFunction(FunctionSource.NamedModule, 'worker', 'echo');
  h.guest.launch(f.handle, bytes());
  t.false(h.events.some((e) => e.t === 'draw.fault'));
});

test('policies parse from KEY=VALUE and format back', (t) => {
  const p = parsePolicies(['errors=deferred', 'latency=uniform:10-20', 'handles=random', 'faults=0.5']);
  t.deepEqual(p, { errors: 'deferred', latency: { kind: 'uniform', min: 10, max: 20 }, handles: 'random', faults: 0.5 });
  t.deepEqual(parsePolicies(formatPolicies(p)), p);
  t.deepEqual(applyPolicy(DEFAULT_POLICIES, 'latency=fixed:5').latency, { kind: 'fixed', us: 5 });
  for (const bad of ['errors=later', 'latency=fixed', 'latency=uniform:9-1', 'faults=2', 'faults=', 'colour=red', 'noequals']) {
    t.throws(() => parsePolicies([bad]), { instanceOf: PolicyParseError }, bad);
  }
});

test('latency values are safe integers: never rounded, never taken past 2^53-1', (t) => {
  t.deepEqual(applyPolicy(DEFAULT_POLICIES, 'latency=fixed:9007199254740991').latency, { kind: 'fixed', us: 9007199254740991 });
  for (const bad of ['fixed:9007199254740992', 'fixed:9007199254740993', 'fixed:99999999999999999999', 'fixed:1e20', 'uniform:0-9007199254740993', 'uniform:99999999999999999999-99999999999999999999']) {
    t.throws(() => parsePolicies([`latency=${bad}`]), { instanceOf: PolicyParseError }, bad);
  }
});
