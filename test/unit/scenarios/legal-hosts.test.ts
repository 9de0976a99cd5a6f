/**
 * The catalogue asks no more than ABI.md: every scenario passes on hosts that are legal
 * but number handles differently from the reference host (function and request handles
 * sharing values, two modules' handles sharing values, handles up to u64::MAX), so a
 * correct host gets no false failures.
 * So does wild.wasm, the test guest that calls the FFI with unknown handles.
 */
import test from 'ava';
import { catalogue, findScenario } from '../../../scenarios/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { ErrorCode } from '../../../sim/host/codes.js';
import { describeOutcome } from '../../../sim/outcome.js';
import { runSimulation } from '../../../sim/run/run.js';
import { appletSimulation, observe, WILD_EXPECTED, wildCodes } from '../wasm/wasm-runs.js';
import { LEGAL_HOSTS, U64_MAX, type LegalHost } from './legal-hosts.js';
import { policiesAt, recipe, runAt, type MatrixPoint } from './matrix.js';

const SEEDS = 30;
const POINTS: readonly MatrixPoint[] = Array.from({ length: SEEDS }, (_, i) => i + 1).flatMap((seed) =>
  (['eager', 'deferred'] as const).map((errors) => ({ seed, strategy: { kind: 'random' } as const, policies: { errors } })),
);

for (const host of LEGAL_HOSTS) {
  for (const scenario of catalogue) {
    test(`${scenario.name} passes on a legal host: ${host.name}`, (t) => {
      const failures: string[] = [];
      for (const point of POINTS) {
        const { outcome } = runAt(scenario, point, host.make);
        if (outcome.kind !== 'pass') failures.push(`${describeOutcome(outcome)}\n  at: ${recipe(scenario, point)}`);
      }
      t.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${POINTS.length} runs failed on "${host.name}"`);
    });
  }
}

interface Issued {
  readonly functions: bigint[];
  readonly requests: bigint[];
}

/** The handles the host issued in one run of `scenario`: to every caller together, and to each. */
function issuedBy(host: LegalHost, name = 'handle-values'): Issued & { readonly byCaller: ReadonlyMap<string, Issued> } {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no ${name} scenario`);
  const point: MatrixPoint = { seed: 1, strategy: { kind: 'random' }, policies: { errors: 'deferred' } };
  const issued = { functions: [] as bigint[], requests: [] as bigint[], byCaller: new Map<string, Issued>() };
  const of = (caller: string): Issued => {
    let mine = issued.byCaller.get(caller);
    if (mine === undefined) issued.byCaller.set(caller, (mine = { functions: [], requests: [] }));
    return mine;
  };
  const sink = {
    emit: (e: TraceEvent): void => {
      if (e.t === 'ffi.create_function' && e.code === ErrorCode.Success) {
        issued.functions.push(e.handle);
        of(e.caller).functions.push(e.handle);
      }
      if (e.t === 'ffi.launch' && e.code === ErrorCode.Success) {
        issued.requests.push(e.request);
        of(e.caller).requests.push(e.request);
      }
    },
  };
  const r = runSimulation(scenario.build(), { seed: point.seed, strategy: point.strategy, policies: policiesAt(scenario, point), host: host.make, sinks: [sink] });
  if (r.outcome.kind !== 'pass') throw new Error(`${name} failed on "${host.name}": ${describeOutcome(r.outcome)}`);
  return issued;
}

// The hosts really are what the tests above need: otherwise passing there proves nothing.
test('the independently numbered host gives function and request handles the same values', (t) => {
  const { functions, requests } = issuedBy(LEGAL_HOSTS[0] as LegalHost);
  t.is(functions[0], 1n);
  t.is(requests[0], 1n);
  t.true(functions.filter((f) => requests.includes(f)).length >= 10);
});

test('the counting-down host issues u64::MAX as a function and as a request, every handle >= 2^63', (t) => {
  const { functions, requests } = issuedBy(LEGAL_HOSTS[1] as LegalHost);
  t.is(functions[0], U64_MAX);
  t.is(requests[0], U64_MAX);
  t.true([...functions, ...requests].every((h) => h >= 1n << 63n && h <= U64_MAX));
  t.is(new Set(functions).size, functions.length);
  t.is(new Set(requests).size, requests.length);
});

test('the counting-up host starts at 0xdeadbeef for both kinds', (t) => {
  const { functions, requests } = issuedBy(LEGAL_HOSTS[2] as LegalHost);
  t.is(functions[0], 0xdead_beefn);
  t.is(requests[0], 0xdead_beefn);
});

test('the per-module host gives the guest and a launched module the same values, for both kinds', (t) => {
  for (const name of ['foreign-handles', 'module-to-module']) {
    const { byCaller } = issuedBy(LEGAL_HOSTS[3] as LegalHost, name);
    const guest = byCaller.get('guest');
    const relay = byCaller.get('relay');
    if (guest === undefined || relay === undefined) return t.fail(`${name}: the guest or relay got no handles`);
    for (const { functions, requests } of [guest, relay]) {
      t.is(functions[0], 1n, name);
      t.is(requests[0], 1n, name);
    }
  }
});

for (const host of LEGAL_HOSTS) {
  test(`wild.wasm gets the codes of its slot table on a legal host: ${host.name}`, (t) => {
    for (const errors of ['eager', 'deferred'] as const) {
      const { result, driver } = observe(appletSimulation('wild'), { budgets: { frames: 3 }, policies: { errors }, host: host.make });
      t.is(result.outcome.kind, 'pass', describeOutcome(result.outcome));
      if (driver === undefined) return t.fail('no applet driver');
      t.deepEqual(wildCodes(driver), [...WILD_EXPECTED], `errors=${errors}`);
    }
  });
}
