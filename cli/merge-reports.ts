/**
 * The `--json` reports of `explore --shard I/N` jobs as one report: what a single
 * unsharded exploration of the same configuration reports (runs, failing runs, each
 * distinct failure first found at the same run, with the same count), since shards
 * split the runs and run i does the same thing in any shard. The only figure that is
 * not the unsharded one is `runsPerSecond`: the shards' sum, the matrix's throughput.
 *
 * Reports are checked before anything is merged: each must be an explore report, all
 * of one exploration (seed, strategy, swarm, shard count, and the `configuration`
 * explore writes: the arksim build, runs asked for, policies, frames, Wasm files by
 * hash), each shard once; a missing
 * shard is an error unless allowed, since a merged report would otherwise claim runs
 * that never ran.
 */
import { failureSignature, type FailureOutcome, type FailureReason } from '../sim/outcome.js';
import { UsageError } from './errors.js';

export interface FailureJson {
  readonly target: string;
  readonly run: number;
  readonly count: number;
  readonly outcome: FailureOutcome;
  readonly [key: string]: unknown;
}

interface TargetJson {
  readonly name: string;
  readonly runs: number;
  readonly failingRuns: number;
  readonly distinct: number;
}

/** The fields of an `explore --json` report that merging reads. */
export interface ExploreJson {
  readonly outcome: Record<string, unknown>;
  readonly seed: string;
  readonly strategy: string;
  readonly swarm: boolean;
  readonly shard?: string;
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly failingRuns: number;
  readonly failures: readonly FailureJson[];
  readonly targets: readonly TargetJson[];
  /** What else decides run i (runs asked for, policies, frames, Wasm files by hash); compared as it is. */
  readonly configuration?: unknown;
}

export interface MergedReport {
  readonly outcome: Record<string, unknown>;
  readonly seed: string;
  readonly strategy: string;
  readonly swarm: boolean;
  /** N: the shard count the reports were made with. */
  readonly shards: number;
  /** Shards of 1..N with no report (only with `allowMissing`). */
  readonly missingShards: readonly number[];
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly failingRuns: number;
  readonly failures: readonly FailureJson[];
  readonly targets: readonly TargetJson[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** `value` as an explore report; throws UsageError naming `path` and what is wrong. */
export function exploreReport(path: string, value: unknown): ExploreJson {
  const bad = (what: string): never => {
    throw new UsageError(`${path}: not an explore --json report (${what})`);
  };
  if (!isObject(value)) return bad('not a JSON object');
  const { seed, strategy, swarm, shard, runs, runsPerSecond, failingRuns, failures, targets, outcome } = value;
  if (typeof seed !== 'string') bad('no seed');
  if (typeof strategy !== 'string') bad('no strategy');
  if (typeof swarm !== 'boolean') bad('no swarm');
  if (shard !== undefined && typeof shard !== 'string') bad('shard is not a string');
  if (!isCount(runs) || !isCount(failingRuns)) bad('no run counts');
  if (typeof runsPerSecond !== 'number') bad('no runsPerSecond');
  if (!isObject(outcome)) bad('no outcome');
  if (!Array.isArray(targets) || !targets.every((t) => isObject(t) && typeof t.name === 'string' && isCount(t.runs) && isCount(t.failingRuns))) {
    bad('targets is not a list of { name, runs, failingRuns }');
  }
  if (!Array.isArray(failures) || !failures.every(isFailure)) bad('failures is not a list of { target, run, count, outcome }');
  return value as unknown as ExploreJson;
}

function isFailure(f: unknown): boolean {
  return (
    isObject(f) &&
    typeof f.target === 'string' &&
    isCount(f.run) &&
    isCount(f.count) &&
    isObject(f.outcome) &&
    f.outcome.kind === 'failure' &&
    typeof f.outcome.reason === 'string' &&
    typeof f.outcome.message === 'string'
  );
}

/** The fields of two `configuration`s that differ (by their JSON), or `configuration` itself when one is missing or not an object. */
function configurationDifferences(a: unknown, b: unknown): string[] {
  const same = (x: unknown, y: unknown): boolean => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  if (same(a, b)) return [];
  if (!isObject(a) || !isObject(b)) return ['configuration'];
  const named: Readonly<Record<string, string>> = { targets: 'targets (Wasm files)', build: 'arksim build' };
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(a[k], b[k])).map((k) => named[k] ?? k);
}

/** `I/N` as [I, N]; a report without a shard is the only shard of one. */
function shardOf(path: string, r: ExploreJson): readonly [number, number] {
  if (r.shard === undefined) return [1, 1];
  const m = /^(\d+)\/(\d+)$/.exec(r.shard);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !(i >= 1 && i <= n)) throw new UsageError(`${path}: shard "${r.shard}" is not I/N with 1 <= I <= N`);
  return [i, n];
}

/** Explore's notion of "the same failure" (sim/outcome.ts), for one target. */
function failureKey(f: FailureJson): string {
  const o = f.outcome;
  const outcome: FailureOutcome = {
    kind: 'failure',
    reason: o.reason as FailureReason,
    message: o.message,
    ...(typeof o.module === 'string' ? { module: o.module } : {}),
  };
  return `${f.target}\u0000${failureSignature(outcome)}`;
}

/**
 * The targets of the exploration, in order: its `configuration` lists them all (a shard
 * run with --stop-at-first lists only those it reached in `targets`); a report without
 * one, the longest `targets` of any shard.
 */
function configuredTargets(reports: readonly { readonly report: ExploreJson }[]): string[] {
  const configuration = reports[0]?.report.configuration;
  const listed = isObject(configuration) ? configuration.targets : undefined;
  if (Array.isArray(listed) && listed.every((t) => isObject(t) && typeof t.name === 'string')) return listed.map((t) => (t as { name: string }).name);
  return reports.map(({ report }) => report.targets.map((t) => t.name)).reduce((a, b) => (b.length > a.length ? b : a), []);
}

export function mergeReports(reports: readonly { readonly path: string; readonly report: ExploreJson }[], allowMissing: boolean): MergedReport {
  const first = reports[0];
  if (first === undefined) throw new UsageError('merge: no reports given');
  const [, shards] = shardOf(first.path, first.report);
  const configured = configuredTargets(reports);
  const seen = new Map<number, string>();
  for (const { path, report } of reports) {
    const [i, n] = shardOf(path, report);
    const differs = (field: string, a: unknown, b: unknown): void => {
      if (a !== b) throw new UsageError(`${path}: ${field} ${JSON.stringify(b)} differs from ${first.path}'s ${JSON.stringify(a)}: not shards of one exploration`);
    };
    differs('the shard count', shards, n);
    differs('seed', first.report.seed, report.seed);
    differs('strategy', first.report.strategy, report.strategy);
    differs('swarm', first.report.swarm, report.swarm);
    // With --stop-at-first a shard stops at its first failing target: it explored a prefix of the targets.
    const explored = report.targets.map((t) => t.name);
    differs('the targets', configured.slice(0, explored.length).join(','), explored.join(','));
    // --runs, --policy, --frames and the Wasm files' hashes: the same names can hide different explorations.
    const changed = configurationDifferences(first.report.configuration, report.configuration);
    if (changed.length > 0) {
      throw new UsageError(`${path}: its ${changed.join(', ')} differ${changed.length === 1 ? 's' : ''} from ${first.path}'s: not shards of one exploration`);
    }
    const twice = seen.get(i);
    if (twice !== undefined) throw new UsageError(`${path}: shard ${i}/${n} is also ${twice}`);
    seen.set(i, path);
  }
  const missingShards = Array.from({ length: shards }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missingShards.length > 0 && !allowMissing) {
    throw new UsageError(`shard(s) ${missingShards.map((i) => `${i}/${shards}`).join(', ')} missing: give every shard's report, or --allow-missing`);
  }

  // Per distinct failure: the entry from the shard that met it first (lowest run), counts summed.
  const byKey = new Map<string, FailureJson>();
  for (const { report } of reports) {
    for (const f of report.failures) {
      const key = failureKey(f);
      const known = byKey.get(key);
      if (known === undefined) byKey.set(key, f);
      else byKey.set(key, { ...(f.run < known.run ? f : known), count: known.count + f.count });
    }
  }
  // Explore's order: targets in turn, each target's failures by the run that first met them.
  // A target no shard reached (all stopped earlier) is left out, as explore leaves it out.
  const order = configured.filter((name) => reports.some(({ report }) => report.targets.some((t) => t.name === name)));
  const failures = [...byKey.values()].sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target) || a.run - b.run);
  const targets = order.map((name) => {
    const parts = reports.flatMap(({ report }) => report.targets.filter((t) => t.name === name));
    return {
      name,
      runs: parts.reduce((s, t) => s + t.runs, 0),
      failingRuns: parts.reduce((s, t) => s + t.failingRuns, 0),
      distinct: failures.filter((f) => f.target === name).length,
    };
  });
  const sum = (field: 'runs' | 'failingRuns' | 'runsPerSecond'): number => reports.reduce((s, { report }) => s + report[field], 0);
  return {
    outcome: failures[0] === undefined ? { kind: 'pass', reason: 'pass' } : { ...failures[0].outcome },
    seed: first.report.seed,
    strategy: first.report.strategy,
    swarm: first.report.swarm,
    shards,
    missingShards,
    runs: sum('runs'),
    runsPerSecond: sum('runsPerSecond'),
    failingRuns: sum('failingRuns'),
    failures,
    targets,
  };
}
