/** The built-in scenario catalogue: `arksim list`, and the README's main job. */
import { fanout } from './catalogue/fanout.js';
import type { Scenario } from './scenario.js';

export type { Scenario } from './scenario.js';
export { defineScenario } from './scenario.js';

export const catalogue: readonly Scenario[] = [fanout];

export function findScenario(name: string): Scenario | undefined {
  return catalogue.find((s) => s.name === name);
}
