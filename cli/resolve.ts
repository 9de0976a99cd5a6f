/** From a command's arguments to a RunTarget: a scenario name, or --wasm with --module. */
import type { RunTarget } from '../sim/explore/target.js';
import { UsageError } from './errors.js';
import { policiesOf, positiveInt, type CommonOptions } from './options.js';
import { scenarioByName, scenarioTarget, targetFromRef } from './targets.js';

export function parseModuleArg(text: string): { name: string; path: string } {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--module must be NAME=FILE.wasm, got "${text}"`);
  return { name: text.slice(0, eq), path: text.slice(eq + 1) };
}

export async function resolveTarget(scenario: string | undefined, o: CommonOptions): Promise<RunTarget> {
  const overrides = { policies: (base: Parameters<typeof policiesOf>[1]) => policiesOf(o, base), frames: positiveInt(o.frames, '--frames') };
  if (o.wasm !== undefined) {
    if (scenario !== undefined) throw new UsageError(`give a scenario name or --wasm, not both (got "${scenario}" and --wasm)`);
    return targetFromRef({ kind: 'wasm', guest: o.wasm, modules: o.module.map(parseModuleArg) }, overrides);
  }
  if (o.module.length > 0) throw new UsageError('--module needs --wasm');
  if (scenario === undefined) throw new UsageError('give a scenario name (arksim list) or --wasm GUEST.wasm');
  return scenarioTarget(scenarioByName(scenario), overrides);
}
