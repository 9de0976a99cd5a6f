/**
 * For users' own test suites: explore a scenario and fail with the commands that
 * reproduce what was found; replay a saved trace against a scenario object.
 *
 *   import test from 'ava';
 *   import { exploreScenario } from 'arksim/testing';
 *   test('my module survives every allowed host', (t) => exploreScenario(t, myScenario, { runs: 500, swarm: true }));
 *
 * Works with any test runner whose context has `fail(message)` and `pass()`.
 */
import { join } from 'node:path';
import { saveFailure } from '../cli/save-failure.js';
import { replayCommand, runCommand } from '../cli/recipe.js';
import { recordRun } from '../cli/trace-io.js';
import { TraceFormatError } from '../recorder/errors.js';
import { CHUNK_HEADER_BYTES, PROLOGUE_BYTES } from '../recorder/layout.js';
import { readTraceFile, type Trace } from '../recorder/reader.js';
import { findScenario } from '../scenarios/index.js';
import type { Scenario } from '../scenarios/scenario.js';
import { scenarioTarget } from '../scenarios/target.js';
import { explore, type ExploreReport } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import { describeOutcome, type RunOutcome } from '../sim/outcome.js';
import type { Policies } from '../sim/host/policies.js';
import { normalizeSeed } from '../sim/random.js';
import type { HostFactory } from '../sim/run/context.js';
import type { HostOptions } from '../sim/run/run.js';
import { replayRun, type RecordedRun, type ReplayMode, type ReplayResult } from '../sim/replay/replay.js';
import { parseStrategy, strategyFrom, StrategyParseError, type StrategyInput, type StrategySpec } from '../sim/scheduler/strategy.js';

/** What reading a trace throws (see `replayScenarioTrace`), for `instanceof` checks. */
export { TraceFormatError, TracePartialOnlyError, type TraceFormatErrorReason } from '../recorder/errors.js';
/** Reading saved traces, for `recordedRun` and your own checks of their events. */
export { readTrace, readTraceFile, readTracePrefix, type Trace, type TracePrefix } from '../recorder/reader.js';

export interface TestContextLike {
  fail(message?: string): void;
  pass(message?: string): void;
}

export interface ExploreScenarioOptions {
  /** Runs to make, a whole number from 1 (default 200). */
  readonly runs?: number;
  readonly seed?: string;
  /** A spec, or the CLI's spelling (`'pct:3'`); pct's depth and steps may be left out (default random). */
  readonly strategy?: StrategyInput;
  readonly swarm?: boolean;
  /** Where shrunk failing traces go (default traces/found). */
  readonly save?: string;
  /**
   * The host to explore against instead of the reference host (a host under development):
   * its failures are found, saved and shrunk with it, and the messages say to replay with it.
   */
  readonly host?: HostFactory;
  /**
   * Also fail a run whose host does not play the policies it was given (the
   * `policies-played` invariant; see the README's custom-host section for what it checks).
   * Default false. Found failures are shrunk and saved with it, and the messages say to
   * replay with it.
   */
  readonly checkPolicies?: boolean;
  /** The host's name in the headers of the traces saved (default `custom` with `host`, else `reference`). */
  readonly hostName?: string;
}

/** A strategy option as a spec (the CLI's spelling too); one that does not parse is a TypeError naming `fn`. */
function strategyOption(fn: string, input: StrategyInput): StrategySpec {
  try {
    return strategyFrom(input);
  } catch (error) {
    if (error instanceof StrategyParseError) throw new TypeError(`${fn}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The options checked, as the CLI checks its flags: a test that explores nothing (runs: 0)
 * or with a strategy that does not exist must not pass. Throws TypeError or RangeError.
 */
function configOf(options: ExploreScenarioOptions): ExploreConfig {
  const runs = options.runs ?? 200;
  if (typeof runs !== 'number' || !Number.isSafeInteger(runs) || runs < 1) {
    throw new RangeError(`exploreScenario: runs must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${String(runs)}`);
  }
  const seed = options.seed ?? '1';
  if (typeof seed !== 'string') throw new TypeError(`exploreScenario: seed must be a string, got ${typeof seed}`);
  const swarm = options.swarm ?? false;
  if (typeof swarm !== 'boolean') throw new TypeError(`exploreScenario: swarm must be a boolean, got ${typeof swarm}`);
  const strategy = strategyOption('exploreScenario', options.strategy ?? { kind: 'random' });
  return { runs, seed, strategy, swarm, stopAtFirst: false };
}

/** `checkPolicies` checked as `swarm` is: a misspelt truthy value must not turn a check off, or on. */
function checkPoliciesOption(fn: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: checkPolicies must be a boolean, got ${typeof value}`);
  return value;
}

/** The host options of a run: a host only if one was given, checkPolicies only if on (as the messages print them). */
function hostOptionsOf(host: HostFactory | undefined, checkPolicies: boolean): HostOptions {
  return { ...(host === undefined ? {} : { host }), ...(checkPolicies ? { checkPolicies } : {}) };
}


/** Explores `scenario`; on failure, shrinks and saves each distinct failure and fails `t` with the replay commands. */
export function exploreScenario(t: TestContextLike, scenario: Scenario, options: ExploreScenarioOptions = {}): ExploreReport {
  const config = configOf(options);
  const checkPolicies = checkPoliciesOption('exploreScenario', options.checkPolicies);
  const target = scenarioTarget(scenario);
  const host = options.host;
  const runWith = hostOptionsOf(host, checkPolicies);
  const report = explore(target, config, runWith);
  if (report.distinct.length === 0) {
    t.pass(`${report.runs} runs, no failures`);
    return report;
  }
  const lines = [`${scenario.name}: ${report.distinct.length} distinct failure(s) in ${report.failures.length} of ${report.runs} runs`];
  // The CLI can only rebuild catalogue scenarios; others replay through this module.
  const inCatalogue = findScenario(scenario.name) === scenario;
  for (const f of report.distinct) {
    const saved = saveFailure(target, f, options.save ?? join('traces', 'found'), runWith, options.hostName);
    lines.push(`- ${describeOutcome(f.outcome)}`);
    if (!saved.reproduced) {
      // Nothing reproduces it: a replay or rerun line would point at a run that does not fail.
      const again = saved.reproduction === undefined ? 'differently' : describeOutcome(saved.reproduction);
      lines.push(`  not reproduced: the same run again ended ${again}; a module or host is not deterministic (state kept between runs, real time), so nothing was shrunk`);
      lines.push(`  trace of the run that did not fail again: ${saved.trace}`);
    } else if (inCatalogue && host === undefined && !checkPolicies) {
      lines.push(`  replay: ${replayCommand(saved.trace)}`);
      lines.push(`  rerun:  ${runCommand(target, f.plan.seed, f.plan.strategy, f.plan.policies)}`);
    } else {
      // Code, not commands: the CLI cannot rebuild a scenario it does not know, run your host, or check policies.
      const checks = checkPolicies ? { checkPolicies } : {};
      const options = { seed: f.plan.seed, strategy: f.plan.strategy, policies: f.plan.policies, budgets: target.budgets, ...checks };
      const path = JSON.stringify(saved.trace);
      // The trace's header says whether the run checked its policies: replay does as it did.
      const replayArgs = host === undefined ? path : `${path}, 'exact', host`;
      const runArgs = host === undefined ? JSON.stringify(options) : `{ ...${JSON.stringify(options)}, host }`;
      lines.push(`  trace:  ${saved.trace} (arksim inspect, export and diff read it)`);
      lines.push(`  replay: replayScenarioTrace(scenario, ${replayArgs}) from 'arksim/testing'`);
      lines.push(`  rerun:  runSimulation(scenario.build(), ${runArgs}) from 'arksim'`);
      lines.push(`  (scenario: your "${scenario.name}" scenario object${host === undefined ? '' : ', host: the host factory you explored'}; the CLI rebuilds only catalogue scenarios${checkPolicies ? ", and arksim run checks no policies" : ''})`);
    }
  }
  t.fail(lines.join('\n'));
  return report;
}

/**
 * Replays a saved trace against a scenario object (which need not be in the catalogue),
 * on the reference host or on `host`: a host factory, or `{ host, checkPolicies }`. A run
 * recorded with `checkPolicies` is replayed with it whatever is passed (the trace header
 * says so), so a run that failed `policies-played` fails it again.
 * A trace that cannot be read throws `TraceFormatError` (its `reason` and `offset` say
 * why and where; a header whose strategy does not parse is `bad-event`), or
 * `TracePartialOnlyError` when only the `.partial` file of an unfinished recording is
 * there; a file that cannot be read at all throws the file system's error.
 */
export function replayScenarioTrace(scenario: Scenario, path: string, mode: ReplayMode = 'exact', host?: HostFactory | HostOptions): ReplayResult {
  const runWith = typeof host === 'function' ? { host } : (host ?? {});
  const checkPolicies = checkPoliciesOption('replayScenarioTrace', runWith.checkPolicies);
  const recorded = recordedRun(readTraceFile(path));
  return replayRun(scenario.build(), recorded, mode, hostOptionsOf(runWith.host, checkPolicies));
}

export interface RecordScenarioOptions {
  /** Default '1'. */
  readonly seed?: string | number;
  /** A spec, or the CLI's spelling (`'pct:3'`); default fifo, as `arksim run`. */
  readonly strategy?: StrategyInput;
  /** Applied on top of the scenario's own policies. */
  readonly policies?: Partial<Policies>;
  /** The host to run on instead of the reference host (a host under development). */
  readonly host?: HostFactory;
  /** The host's name, for the trace header (`inspect` shows it; `replay` warns that it replays on the reference host). Default `custom` with `host`, else `reference`. */
  readonly hostName?: string;
  /** Also fail the run if the host does not play its policies (see `exploreScenario`); default false. */
  readonly checkPolicies?: boolean;
}

export interface RecordedScenario {
  readonly outcome: RunOutcome;
  /** Where the trace was written (published by rename, as `arksim run --out`). */
  readonly path: string;
  /** The trace's digest (its footer's). */
  readonly digest: string;
}

/**
 * Runs `scenario` once and records the run to `path`, passing or not: what `arksim run
 * --out` does for the catalogue, for any scenario object and any host. A trace of your
 * host's run is what `checkConformance` (against the reference host or another),
 * `replayScenarioTrace(scenario, path, 'exact', host)`, `arksim inspect`, `export` and
 * `diff` take. Throws TypeError for a strategy that does not parse, and an Error saying
 * `PATH: cannot write (CODE)` for a path that cannot be written.
 */
export function recordScenarioTrace(scenario: Scenario, path: string, options: RecordScenarioOptions = {}): RecordedScenario {
  const seed = normalizeSeed(options.seed ?? '1');
  const strategy = strategyOption('recordScenarioTrace', options.strategy ?? { kind: 'fifo' });
  const target = scenarioTarget(scenario);
  const policies: Policies = { ...target.policies, ...options.policies };
  const host = hostOptionsOf(options.host, checkPoliciesOption('recordScenarioTrace', options.checkPolicies));
  const fields = { seed, strategy, mode: 'record' as const, parent: null, ...(options.hostName === undefined ? {} : { host: options.hostName }) };
  const { result, digest } = recordRun(target, { seed, strategy, policies, budgets: target.budgets, ...host }, fields, path);
  return { outcome: result.outcome, path, digest };
}

/**
 * What replay needs from a trace (its seed, strategy, policies, budgets and events): for
 * `replayRun`, `replayGuestOnly` and `checkConformance` from `arksim`, with a trace read by
 * `readTraceFile`. A header whose strategy does not parse throws `TraceFormatError`.
 */
export function recordedRun(trace: Trace): RecordedRun {
  let strategy: StrategySpec;
  try {
    strategy = parseStrategy(trace.header.strategy);
  } catch (error) {
    // the header payload follows the prologue and its chunk header
    if (error instanceof StrategyParseError) throw new TraceFormatError('bad-event', PROLOGUE_BYTES + CHUNK_HEADER_BYTES, `header: strategy: ${error.message}`);
    throw error;
  }
  const { seed, policies, budgets, checkPolicies } = trace.header;
  return { seed, strategy, policies, budgets, checkPolicies, events: trace.events };
}
