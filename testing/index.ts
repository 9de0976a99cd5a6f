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
import { TraceFormatError } from '../recorder/errors.js';
import { CHUNK_HEADER_BYTES, PROLOGUE_BYTES } from '../recorder/layout.js';
import { readTraceFile, type Trace } from '../recorder/reader.js';
import { findScenario } from '../scenarios/index.js';
import type { Scenario } from '../scenarios/scenario.js';
import { scenarioTarget } from '../scenarios/target.js';
import { explore, type ExploreReport } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import { describeOutcome } from '../sim/outcome.js';
import { replayRun, type RecordedRun, type ReplayMode, type ReplayResult } from '../sim/replay/replay.js';
import { parseStrategy, StrategyParseError, type StrategySpec } from '../sim/scheduler/strategy.js';

/** What reading a trace throws (see `replayScenarioTrace`), for `instanceof` checks. */
export { TraceFormatError, TracePartialOnlyError, type TraceFormatErrorReason } from '../recorder/errors.js';

export interface TestContextLike {
  fail(message?: string): void;
  pass(message?: string): void;
}

export interface ExploreScenarioOptions {
  readonly runs?: number;
  readonly seed?: string;
  readonly strategy?: StrategySpec;
  readonly swarm?: boolean;
  /** Where shrunk failing traces go (default traces/found). */
  readonly save?: string;
}

/** Explores `scenario`; on failure, shrinks and saves each distinct failure and fails `t` with the replay commands. */
export function exploreScenario(t: TestContextLike, scenario: Scenario, options: ExploreScenarioOptions = {}): ExploreReport {
  const target = scenarioTarget(scenario);
  const config: ExploreConfig = {
    runs: options.runs ?? 200,
    seed: options.seed ?? '1',
    strategy: options.strategy ?? { kind: 'random' },
    swarm: options.swarm ?? false,
    stopAtFirst: false,
  };
  const report = explore(target, config);
  if (report.distinct.length === 0) {
    t.pass(`${report.runs} runs, no failures`);
    return report;
  }
  const lines = [`${scenario.name}: ${report.distinct.length} distinct failure(s) in ${report.failures.length} of ${report.runs} runs`];
  // The CLI can only rebuild catalogue scenarios; others replay through this module.
  const inCatalogue = findScenario(scenario.name) === scenario;
  for (const f of report.distinct) {
    const saved = saveFailure(target, f, options.save ?? join('traces', 'found'));
    lines.push(`- ${describeOutcome(f.outcome)}`);
    if (inCatalogue) {
      lines.push(`  replay: ${replayCommand(saved.trace)}`);
      lines.push(`  rerun:  ${runCommand(target, f.plan.seed, f.plan.strategy, f.plan.policies)}`);
    } else {
      // Code, not commands: the CLI cannot rebuild a scenario it does not know.
      const options = { seed: f.plan.seed, strategy: f.plan.strategy, policies: f.plan.policies, budgets: target.budgets };
      lines.push(`  trace:  ${saved.trace} (arksim inspect, export and diff read it)`);
      lines.push(`  replay: replayScenarioTrace(scenario, ${JSON.stringify(saved.trace)}) from 'arksim/testing'`);
      lines.push(`  rerun:  runSimulation(scenario.build(), ${JSON.stringify(options)}) from 'arksim'`);
      lines.push(`  (scenario: your "${scenario.name}" scenario object; the CLI rebuilds only catalogue scenarios)`);
    }
  }
  t.fail(lines.join('\n'));
  return report;
}

/**
 * Replays a saved trace against a scenario object (which need not be in the catalogue).
 * A trace that cannot be read throws `TraceFormatError` (its `reason` and `offset` say
 * why and where; a header whose strategy does not parse is `bad-event`), or
 * `TracePartialOnlyError` when only the `.partial` file of an unfinished recording is
 * there; a file that cannot be read at all throws the file system's error.
 */
export function replayScenarioTrace(scenario: Scenario, path: string, mode: ReplayMode = 'exact'): ReplayResult {
  const recorded = recordedRunOf(readTraceFile(path));
  return replayRun(scenario.build(), recorded, mode);
}

/** What replay needs from a trace. */
function recordedRunOf(trace: Trace): RecordedRun {
  let strategy: StrategySpec;
  try {
    strategy = parseStrategy(trace.header.strategy);
  } catch (error) {
    // the header payload follows the prologue and its chunk header
    if (error instanceof StrategyParseError) throw new TraceFormatError('bad-event', PROLOGUE_BYTES + CHUNK_HEADER_BYTES, `header: strategy: ${error.message}`);
    throw error;
  }
  const { seed, policies, budgets } = trace.header;
  return { seed, strategy, policies, budgets, events: trace.events };
}
