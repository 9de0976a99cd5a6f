/**
 * The policy matrix catalogue scenarios must pass under, and one run of a scenario on a
 * point of it (optionally on another host), with the command that replays it.
 */
import type { Scenario } from '../../../scenarios/index.js';
import { DEFAULT_POLICIES, formatPolicies, type HandleNumbering, type LatencySpec, type Policies } from '../../../sim/host/policies.js';
import type { HostFactory } from '../../../sim/run/context.js';
import { runSimulation, type RunResult } from '../../../sim/run/run.js';
import { formatStrategy, type StrategySpec } from '../../../sim/scheduler/strategy.js';

export interface MatrixPoint {
  readonly seed: number;
  readonly strategy: StrategySpec;
  /** Overrides on top of the scenario's own policies. */
  readonly policies: Partial<Policies>;
}

export const STRATEGIES: readonly StrategySpec[] = [{ kind: 'fifo' }, { kind: 'random' }, { kind: 'pct', depth: 3, steps: 64 }];
export const ERROR_TIMINGS = ['eager', 'deferred'] as const;
export const HANDLES: readonly HandleNumbering[] = ['sequential', 'random'];
/** undefined: the scenario's (or the default) latency; fixed:1000 makes completions tie. */
export const LATENCIES: readonly (LatencySpec | undefined)[] = [undefined, { kind: 'fixed', us: 1000 }];

/** seeds × error timings × strategies × handle numberings × latencies. */
export function matrix(seeds: number): MatrixPoint[] {
  const points: MatrixPoint[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (const errors of ERROR_TIMINGS) {
      for (const strategy of STRATEGIES) {
        for (const handles of HANDLES) {
          for (const latency of LATENCIES) {
            points.push({ seed, strategy, policies: { errors, handles, ...(latency === undefined ? {} : { latency }) } });
          }
        }
      }
    }
  }
  return points;
}

/** The scenario's policies, with the point's overrides. */
export function policiesAt(scenario: Scenario, point: MatrixPoint): Policies {
  return { ...DEFAULT_POLICIES, ...scenario.policies, ...point.policies };
}

/** The run at `point`, on `host` if given, with `checkPolicies` if asked. */
export function runAt(scenario: Scenario, point: MatrixPoint, host?: HostFactory, checkPolicies = false): RunResult {
  return runSimulation(scenario.build(), {
    seed: point.seed,
    strategy: point.strategy,
    policies: policiesAt(scenario, point),
    ...(scenario.budgets === undefined ? {} : { budgets: scenario.budgets }),
    ...(host === undefined ? {} : { host }),
    checkPolicies,
  });
}

/** The CLI command that reruns this point. */
export function recipe(scenario: Scenario, point: MatrixPoint): string {
  const policies = formatPolicies(policiesAt(scenario, point))
    .map((p) => `--policy ${p}`)
    .join(' ');
  return `arksim run ${scenario.name} --seed ${point.seed} --strategy ${formatStrategy(point.strategy)} ${policies}`;
}
