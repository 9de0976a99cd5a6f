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
import { loadTrace, recordedRun } from '../cli/trace-io.js';
import { findScenario } from '../scenarios/index.js';
import type { Scenario } from '../scenarios/scenario.js';
import { scenarioTarget } from '../scenarios/target.js';
import { explore, type ExploreReport } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import { describeOutcome } from '../sim/outcome.js';
import { replayRun, type ReplayMode, type ReplayResult } from '../sim/replay/replay.js';
import type { StrategySpec } from '../sim/scheduler/strategy.js';

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
      lines.push(`  replay: replayScenarioTrace(${scenario.name}, ${JSON.stringify(saved.trace)}) from 'arksim/testing'`);
    }
  }
  t.fail(lines.join('\n'));
  return report;
}

/** Replays a saved trace against a scenario object (which need not be in the catalogue). */
export function replayScenarioTrace(scenario: Scenario, path: string, mode: ReplayMode = 'exact'): ReplayResult {
  return replayRun(scenario.build(), recordedRun(loadTrace(path)), mode);
}
