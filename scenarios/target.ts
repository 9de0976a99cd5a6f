/** A catalogue scenario as a RunTarget: its own policies and budgets, with the caller's overrides. */
import type { Budgets } from '../sim/budget.js';
import type { RunTarget } from '../sim/explore/target.js';
import { DEFAULT_POLICIES, type Policies } from '../sim/host/policies.js';
import type { Scenario } from './scenario.js';

export interface TargetOverrides {
  /** Applied on top of the scenario's own policies. */
  readonly policies: (base: Policies) => Policies;
  readonly frames: number | undefined;
}

export const NO_OVERRIDES: TargetOverrides = { policies: (p) => p, frames: undefined };

export function scenarioTarget(scenario: Scenario, overrides: TargetOverrides = NO_OVERRIDES): RunTarget {
  const budgets: Partial<Budgets> = {
    ...scenario.budgets,
    ...(overrides.frames === undefined ? {} : { frames: overrides.frames }),
  };
  return {
    name: scenario.name,
    ref: { kind: 'scenario', name: scenario.name },
    build: () => scenario.build(),
    policies: overrides.policies({ ...DEFAULT_POLICIES, ...scenario.policies }),
    budgets,
  };
}
