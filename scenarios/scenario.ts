/**
 * A scenario: a named, described simulation with the policies and budgets it is meant
 * to run under. `arksim list` shows the catalogue; `arksim run NAME` runs one.
 */
import type { Budgets } from '../sim/budget.js';
import type { Policies } from '../sim/host/policies.js';
import type { Simulation } from '../sim/run/simulation.js';

export interface Scenario {
  readonly name: string;
  /** One line, for `arksim list`. */
  readonly description: string;
  /** Built anew for every run, so runs share no state. */
  build(): Simulation;
  /** Policies this scenario runs under unless the caller overrides them. */
  readonly policies?: Partial<Policies>;
  readonly budgets?: Partial<Budgets>;
  /** Edge cases grouped for `arksim list` and the README table. */
  readonly tags?: readonly string[];
}

export function defineScenario(s: Scenario): Scenario {
  return s;
}
