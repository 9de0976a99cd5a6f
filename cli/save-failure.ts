/**
 * A failure found by exploration, made permanent: the original run and its shrunk form
 * recorded as traces in the save directory, with the commands that replay them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../sim/explore/explore.js';
import { shrink, shrinkRunOptions, type ShrinkStats } from '../sim/explore/shrink.js';
import type { RunTarget } from '../sim/explore/target.js';
import { sameFailure, type RunOutcome } from '../sim/outcome.js';
import { hostOptions, type HostOptions } from '../sim/run/run.js';
import { writeError } from './out-path.js';
import { recordRun } from './trace-io.js';

export interface SavedFailure {
  readonly summary: RunSummary;
  /** The shrunk trace (replays to the same failure); the original's, when the failure did not reproduce. */
  readonly trace: string;
  readonly original: string;
  readonly shrunkOutcome: RunOutcome;
  /** Undefined when nothing was shrunk (the failure did not reproduce). */
  readonly stats: ShrinkStats | undefined;
  /**
   * Whether running the same plan again failed the same way. If not, a host or module is
   * not deterministic (state kept between runs, real time or randomness): `reproduction`
   * says how the re-run ended instead, and the saved traces record that re-run.
   */
  readonly reproduced: boolean;
  readonly reproduction: RunOutcome | undefined;
}

/**
 * `s` as part of a file name: as it is when it is short and plain; otherwise a readable
 * stand-in plus 8 hex digits of its SHA-256, so that two seeds (or names) never share a
 * file however long, or however alike once their other characters are replaced.
 */
export function fileNamePart(s: string): string {
  if (/^[A-Za-z0-9._#-]{1,60}$/.test(s)) return s;
  return `${s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)}-${createHash('sha256').update(s).digest('hex').slice(0, 8)}`;
}

/**
 * `host`: the host options the failing run had (its host, whether it checked policies),
 * for every run made here; `hostName` names the host in the traces' headers (default:
 * `reference`, or `custom` with a host).
 */
export function saveFailure(target: RunTarget, summary: RunSummary, dir: string, host: HostOptions = {}, hostName?: string): SavedFailure {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw writeError(dir, e);
  }
  const { plan } = summary;
  const reason = summary.outcome.kind === 'failure' ? summary.outcome.reason : 'pass';
  const base = join(dir, `${fileNamePart(target.name)}-seed${fileNamePart(plan.seed)}-${reason}`);
  const withHost = hostOptions(host);
  const runOptions = { seed: plan.seed, strategy: plan.strategy, policies: plan.policies, budgets: target.budgets, ...withHost };
  const named = hostName === undefined ? {} : { host: hostName };
  const original = recordRun(target, runOptions, { seed: plan.seed, strategy: plan.strategy, mode: 'record', parent: null, ...named }, `${base}.original.trace`);
  const originalPath = original.path ?? `${base}.original.trace`;
  const unshrunk = (reproduction: RunOutcome): SavedFailure => ({
    summary,
    trace: originalPath,
    original: originalPath,
    shrunkOutcome: original.result.outcome,
    stats: undefined,
    reproduced: false,
    reproduction,
  });
  // The same seed, strategy and policies must fail the same way again; shrinking a run that
  // does not would "minimise" something else (or nothing).
  if (!sameFailure(original.result.outcome, summary.outcome)) return unshrunk(original.result.outcome);
  const s = shrink(target, plan, { ...withHost, expect: summary.outcome });
  if (!s.reproduced) return unshrunk(s.actual);
  const shrunk = recordRun(
    target,
    shrinkRunOptions(target, plan, s.config, withHost),
    { seed: plan.seed, strategy: plan.strategy, mode: 'shrunk', parent: original.digest, ...named },
    `${base}.trace`,
  );
  return {
    summary,
    trace: shrunk.path ?? `${base}.trace`,
    original: originalPath,
    shrunkOutcome: shrunk.result.outcome,
    stats: s.stats,
    reproduced: true,
    reproduction: undefined,
  };
}
