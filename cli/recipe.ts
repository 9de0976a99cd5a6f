/**
 * Every failure prints its own replay recipe: commands the CLI accepts back.
 */
import type { RunTarget } from '../sim/explore/target.js';
import { formatPolicies, type Policies } from '../sim/host/policies.js';
import { formatStrategy, type StrategySpec } from '../sim/scheduler/strategy.js';

/** Quotes for a POSIX shell, only where needed. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function targetArgs(target: RunTarget): string[] {
  const ref = target.ref;
  if (ref === undefined) return [target.name];
  if (ref.kind === 'scenario') return [ref.name];
  return ['--wasm', ref.guest, ...ref.modules.flatMap((m) => ['--module', `${m.name}=${m.path}`])];
}

export function runCommand(target: RunTarget, seed: string, strategy: StrategySpec, policies: Policies): string {
  const frames = target.budgets.frames === undefined ? [] : ['--frames', String(target.budgets.frames)];
  const args = [
    'arksim',
    'run',
    ...targetArgs(target),
    '--seed',
    seed,
    '--strategy',
    formatStrategy(strategy),
    ...formatPolicies(policies).flatMap((p) => ['--policy', p]),
    ...frames,
  ];
  return args.map(shellQuote).join(' ');
}

export function replayCommand(path: string): string {
  return `arksim replay ${shellQuote(path)}`;
}
