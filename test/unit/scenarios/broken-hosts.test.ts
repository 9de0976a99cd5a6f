/**
 * Every catalogue scenario checks something: against a host with one deliberate bug,
 * it fails (by its own guest's check or an invariant), on every run of a small matrix.
 */
import test from 'ava';
import { catalogue, findScenario, type Scenario } from '../../../scenarios/index.js';
import type { Policies } from '../../../sim/host/policies.js';
import { describeOutcome } from '../../../sim/outcome.js';
import { BROKEN, type BrokenHost } from './broken-hosts.js';
import { recipe, runAt, type MatrixPoint } from './matrix.js';

interface Case {
  readonly scenario: string;
  readonly host: BrokenHost;
  /** What the failure says (guest message or invariant name). */
  readonly expect: RegExp;
  /** The policy sets to try; default: errors eager and deferred. */
  readonly policies?: readonly Partial<Policies>[];
}

const BOTH: readonly Partial<Policies>[] = [{ errors: 'eager' }, { errors: 'deferred' }];

const CASES: Case[] = [
  {
    scenario: 'poll-before-ready',
    host: BROKEN.earlyReady,
    expect: /before its work could have finished|ready-after-completion/,
  },
  {
    scenario: 'poll-before-ready',
    host: BROKEN.notReadyInvalid,
    expect: /before ready: expected Unavailable \(7\), got InvalidArguments/,
  },
  {
    scenario: 'retrieve-wrong-size',
    host: BROKEN.ignoresBufferLength,
    expect: /buffer for \d+ bytes: expected InvalidArguments \(5\), got Success|size-matches-output/,
  },
  {
    scenario: 'retrieve-wrong-size',
    host: BROKEN.wrongSizeConsumes,
    expect: /after a wrong-sized retrieve: expected Success \(0\), got InvalidArguments/,
  },
  {
    scenario: 'zero-length-io',
    host: BROKEN.readyMeansNonEmpty,
    expect: /not ready right after blocking_launch|blocking-ready/,
  },
  { scenario: 'large-io', host: BROKEN.truncating, expect: /size 65536, expected/ },
  {
    scenario: 'not-found-own-module',
    host: BROKEN.notFoundAsInternalError,
    expect: /expected NotFound \(6\)( or Success \(0\))?, got InternalError/,
  },
  {
    scenario: 'not-found-named-module',
    host: BROKEN.notFoundAsInternalError,
    expect: /expected NotFound \(6\)( or Success \(0\))?, got InternalError/,
  },
  {
    scenario: 'not-found-named-module',
    host: BROKEN.createChecksExistence,
    expect: /create_function\(no-such-module::echo\): expected Success \(0\), got NotFound/,
  },
  {
    scenario: 'create-function-args',
    host: BROKEN.createChecksExistence,
    expect: /create_function\(nowhere::echo\): expected Success \(0\), got NotFound/,
  },
  {
    scenario: 'create-function-args',
    host: BROKEN.ownModuleUsesName,
    expect: /launch-resolves-target: a launch by guest ran worker::echo, but its function handle names guest::echo/,
  },
  {
    scenario: 'callee-error-code',
    host: BROKEN.calleeCodeIgnored,
    expect: /faulty::code\): expected InternalError \(4\), got Success|faults-explained/,
  },
  { scenario: 'callee-trap-and-panic', host: BROKEN.errorAfterValue, expect: /emitsThenErrors/ },
  {
    scenario: 'remove-while-in-flight',
    host: BROKEN.removeCancels,
    expect: /guest waits for \d+ request\(s\)|never completed/,
  },
  {
    scenario: 'stale-and-double-handles',
    host: BROKEN.retrieveKeeps,
    expect: /a second time|consumed-handle-honoured/,
  },
  {
    scenario: 'stale-and-double-handles',
    host: BROKEN.removeAcceptsRequests,
    expect: /remove_function\(a live request used as a function handle\): expected InvalidArguments \(5\), got Success/,
  },
  {
    scenario: 'foreign-handles',
    host: BROKEN.globalHandles,
    expect: /relay.probeForeign: .*the guest's function handle, from relay/,
  },
  {
    scenario: 'handle-values',
    host: BROKEN.signedHandles,
    // A handle that is no u64 never reaches the guest: the FFI answers InternalError, with
    // an ffi.rejected naming the host's answer, and that fails the run as a host error.
    expect: /host-error in create_function: internal error: the host answered create_function with /,
    policies: [{ handles: 'random' }],
  },
  {
    scenario: 'handle-values',
    host: BROKEN.reusesHandles,
    expect: /same (function|request) handle as|handle-unique/,
    policies: [{ handles: 'sequential', errors: 'eager' }, { handles: 'sequential', errors: 'deferred' }],
  },
  {
    scenario: 'blocking-launch',
    host: BROKEN.blockingReturnsEarly,
    expect: /not ready right after blocking_launch|blocking-ready/,
  },
  { scenario: 'fanout', host: BROKEN.dropsLastByte, expect: /wrong bytes/ },
  {
    scenario: 'fanout-wide',
    host: BROKEN.slotLimited,
    expect: /is_ready\(job \d+\): expected Success \(0\), got InvalidArguments/,
  },
  {
    scenario: 'same-function-concurrent',
    host: BROKEN.oneInFlightPerFunction,
    expect: /guest waits for \d+ request\(s\)|never completed/,
  },
  {
    scenario: 'nested-launch',
    host: BROKEN.ownModuleUsesName,
    expect: /(chain|nested).*expected Success \(0\), got InternalError|launch-resolves-target/,
  },
  {
    scenario: 'module-to-module',
    host: BROKEN.nestedNamedModuleNotFound,
    expect: /relay.forward.*expected Success \((0|\d+ bytes)\), got InternalError/,
  },
  {
    scenario: 'fault-injection',
    host: BROKEN.injectedFaultAsNotFound,
    expect: /expected Success \(0\) or InternalError \(4\), got NotFound/,
    policies: [{ errors: 'eager' }],
  },
];

// The Rust guest panics with the step that got the wrong answer.
CASES.push(
  { scenario: 'wasm-edge-guest', host: BROKEN.retrieveKeeps, expect: /consumed-handle-honoured/ },
  // No host invariant sees this one: only the guest's own check does.
  { scenario: 'wasm-edge-guest', host: BROKEN.notFoundAsInternalError, expect: /panic.*edge_guest/ },
);

const SEEDS = [1, 2, 3, 4, 5, 6];

function points(c: Case): MatrixPoint[] {
  const strategy = { kind: 'random' } as const;
  return SEEDS.flatMap((seed) => (c.policies ?? BOTH).map((policies) => ({ seed, strategy, policies })));
}

function scenario(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
}

for (const c of CASES) {
  test(`${c.scenario} catches a host where ${c.host.name}`, (t) => {
    const s = scenario(c.scenario);
    for (const point of points(c)) {
      const { outcome } = runAt(s, point, c.host.make);
      const text = describeOutcome(outcome);
      if (outcome.kind === 'pass') {
        t.fail(`passed on the broken host: ${recipe(s, point)}`);
        return;
      }
      t.regex(text, c.expect, recipe(s, point));
    }
  });
}

test('every catalogue scenario has a broken host it catches', (t) => {
  const covered = new Set(CASES.map((c) => c.scenario));
  t.deepEqual(
    catalogue.map((s) => s.name).filter((n) => !covered.has(n)),
    [],
  );
});

test('fanout-wide catches the 32-slot host, which the 8-wide fanout cannot', (t) => {
  const fanout = scenario('fanout');
  for (const point of points({ scenario: 'fanout', host: BROKEN.slotLimited, expect: /./ })) {
    t.is(runAt(fanout, point, BROKEN.slotLimited.make).outcome.kind, 'pass', recipe(fanout, point));
  }
});
