/**
 * Turns command-line arguments into a RunTarget: a catalogue scenario by name, or a
 * Wasm guest with its modules. Also rebuilds a target from its ref in a worker thread.
 */
import { catalogue, findScenario, type Scenario } from '../scenarios/index.js';
import { scenarioTarget, type TargetOverrides } from '../scenarios/target.js';
import type { RunTarget, TargetRef } from '../sim/explore/target.js';
import { UsageError } from './errors.js';
import { loadWasmTarget } from './wasm-target.js';

export { scenarioTarget, type TargetOverrides };

export function scenarioByName(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) {
    throw new UsageError(`no scenario "${name}" (arksim list shows the ${catalogue.length} in the catalogue)`);
  }
  return s;
}

export async function targetFromRef(ref: TargetRef, overrides: TargetOverrides): Promise<RunTarget> {
  switch (ref.kind) {
    case 'scenario':
      return scenarioTarget(scenarioByName(ref.name), overrides);
    case 'wasm':
      return loadWasmTarget(ref.guest, ref.modules, overrides, ref.guestName);
  }
}
