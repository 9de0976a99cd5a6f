import { copyFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { explore, type ExploreReport } from '../../sim/explore/explore.js';
import { parseShard, type ExploreConfig } from '../../sim/explore/plan.js';
import type { RunTarget } from '../../sim/explore/target.js';
import { describeOutcome, failureSignature, PASS } from '../../sim/outcome.js';
import { buildId } from '../build-id.js';
import { formatStrategy } from '../../sim/scheduler/strategy.js';
import { Exit, UsageError } from '../errors.js';
import { ExplorePool } from '../explore-pool.js';
import { catalogue } from '../../scenarios/index.js';
import { scenarioTarget } from '../../scenarios/target.js';
import { addOutOption, addRunOptions, policiesOf, positiveInt, seedOf, strategyOf, type CommonOptions } from '../options.js';
import { checkOutFile, checkSaveDir, writeError } from '../out-path.js';
import { wasmEntries } from '../trace-io.js';
import { progressBar } from '../progress.js';
import { replayCommand, runCommand } from '../recipe.js';
import { outcomeJson, outcomeLine, printJson } from '../report.js';
import { resolveTarget } from '../resolve.js';
import { saveFailure, type SavedFailure } from '../save-failure.js';
import { paint } from '../style.js';
import { oneLine } from '../view/values.js';

/** The most worker threads `--workers` takes. */
const MAX_WORKERS = 256;

interface ExploreOptions extends CommonOptions {
  readonly runs: string;
  readonly swarm?: boolean;
  readonly workers: string;
  readonly shard?: string;
  readonly save: string;
  readonly stopAtFirst?: boolean;
}

async function runExploration(
  target: RunTarget,
  config: ExploreConfig,
  pool: ExplorePool | undefined,
  label: string,
): Promise<{ report: ExploreReport; seconds: number }> {
  const total = config.shard === undefined ? config.runs : Math.ceil(config.runs / config.shard.count);
  const bar = progressBar(total, label, ' {bar} {value}/{total} runs | {rps} runs/s | {failures} failures');
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const onProgress = (p: { done: number; failures: number }): void =>
    bar.update(p.done, { rps: Math.round(p.done / Math.max(seconds(), 1e-9)), failures: p.failures });
  try {
    const report =
      pool !== undefined && target.ref !== undefined
        ? await pool.explore(target, config, onProgress)
        : explore(target, config, { onProgress });
    return { report, seconds: seconds() };
  } finally {
    bar.stop();
  }
}

/** Explores each target in turn (on `pool` if given), shrinking and saving its failures. */
async function exploreTargets(
  targets: readonly RunTarget[],
  config: ExploreConfig,
  pool: ExplorePool | undefined,
  saveDir: string,
  json: boolean,
  results: TargetResult[],
): Promise<void> {
  for (const target of targets) {
    const { report, seconds } = await runExploration(target, config, pool, targets.length > 1 ? target.name : 'exploring');
    const shrinking =
      report.distinct.length === 0 ? undefined : progressBar(report.distinct.length, 'shrinking', ' {bar} {value}/{total} failures');
    const saved: SavedFailure[] = [];
    report.distinct.forEach((f, i) => {
      saved.push(saveFailure(target, f, saveDir));
      shrinking?.update(i + 1);
    });
    shrinking?.stop();
    results.push({ target, report, seconds, saved });
    if (!json) printTarget(results.at(-1) as TargetResult, config);
    if (config.stopAtFirst && saved.length > 0) break;
  }
}

export function exploreCommandSpec(program: Command, exit: (code: number) => void): void {
  const cmd = program
    .command('explore')
    .description('many runs over seeds and strategies; failures are shrunk and saved as traces')
    .argument('[scenario]', 'a catalogue scenario (arksim list); none: the whole catalogue')
    .option('--runs <N>', 'how many runs (per scenario)', '1000')
    .option('--swarm', 'each run also draws its policies: error timing, latency, handle numbering')
    .option('--workers <W>', `worker threads, 1 to ${MAX_WORKERS} (as many as cores is fastest)`, '1')
    .option('--shard <I/N>', 'run only shard I of N (1-based), for CI matrices')
    .option('--save <DIR>', 'where shrunk failing traces go', 'traces/found')
    .option('--stop-at-first', 'stop at the first failing run instead of collecting all');
  addOutOption(addRunOptions(cmd), "also write the first distinct failure's shrunk trace to FILE (none found: nothing written)").action(async (scenario: string | undefined, o: ExploreOptions) => {
    const runs = positiveInt(o.runs, '--runs') ?? 1000;
    const workers = positiveInt(o.workers, '--workers') ?? 1;
    // Each worker is a V8 isolate (tens of MB): a mistyped count must be refused, not exhaust memory.
    if (workers > MAX_WORKERS) throw new UsageError(`--workers must be from 1 to ${MAX_WORKERS} (this machine has ${availableParallelism()} cores), got ${workers}`);
    let shard;
    try {
      shard = o.shard === undefined ? undefined : parseShard(o.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const config: ExploreConfig = {
      runs,
      seed: seedOf(o),
      strategy: strategyOf(o, { kind: 'random' }),
      swarm: o.swarm === true,
      stopAtFirst: o.stopAtFirst === true,
      ...(shard === undefined ? {} : { shard }),
    };
    // No scenario and no --wasm: the whole catalogue (the README's main job).
    const targets =
      scenario === undefined && o.wasm === undefined
        ? catalogue.map((s) => scenarioTarget(s, { policies: (base) => policiesOf(o, base), frames: positiveInt(o.frames, '--frames') }))
        : [await resolveTarget(scenario, o)];
    // Now, not when a failure found after minutes of exploring cannot be saved.
    checkSaveDir(o.save);
    if (o.out !== undefined) checkOutFile(o.out);
    const results: TargetResult[] = [];
    const pool = workers > 1 && targets.some((t) => t.ref !== undefined) ? new ExplorePool(workers) : undefined;
    try {
      await exploreTargets(targets, config, pool, o.save, o.json === true, results);
    } finally {
      await pool?.close();
    }
    const totalRuns = results.reduce((n, r) => n + r.report.runs, 0);
    const totalSeconds = results.reduce((n, r) => n + r.seconds, 0);
    const saved = results.flatMap((r) => r.saved.map((s) => ({ r, s })));
    const first = saved[0]?.s;
    if (o.out !== undefined && first !== undefined) {
      try {
        copyFileSync(first.trace, o.out);
      } catch (e) {
        throw writeError(o.out, e);
      }
    }
    if (o.json === true) {
      printJson({
        outcome: outcomeJson(first === undefined ? PASS : first.summary.outcome),
        seed: config.seed,
        strategy: formatStrategy(config.strategy),
        swarm: config.swarm,
        ...(shard === undefined ? {} : { shard: `${shard.index + 1}/${shard.count}` }),
        runs: totalRuns,
        runsPerSecond: Math.round(totalRuns / Math.max(totalSeconds, 1e-9)),
        failingRuns: results.reduce((n, r) => n + r.report.failures.length, 0),
        failures: saved.map(({ r, s }) => failureJson(r, s)),
        targets: results.map((r) => ({ name: r.target.name, runs: r.report.runs, failingRuns: r.report.failures.length, distinct: r.saved.length })),
        // Everything else that decides what run i does, so `arksim merge` can tell shards of one exploration from others.
        configuration: {
          build: buildId(),
          runs: config.runs,
          stopAtFirst: config.stopAtFirst,
          policies: o.policy,
          frames: o.frames ?? null,
          targets: targets.map((t) => ({ name: t.name, wasm: wasmEntries(t).map((w) => `${w.role} ${w.name} ${w.sha256}`) })),
        },
      });
    } else if (targets.length > 1) {
      const failing = results.filter((r) => r.saved.length > 0).length;
      process.stdout.write(
        `${results.length} scenarios, ${totalRuns} runs in ${totalSeconds.toFixed(2)} s (${Math.round(totalRuns / Math.max(totalSeconds, 1e-9))} runs/s): ` +
          `${failing === 0 ? paint('green', 'all passed') : paint('red', `${failing} with failures`)}\n`,
      );
    }
    exit(saved.length === 0 ? Exit.Pass : Exit.Failure);
  });
}

interface TargetResult {
  readonly target: RunTarget;
  readonly report: ExploreReport;
  readonly seconds: number;
  readonly saved: readonly SavedFailure[];
}

const countOf = (report: ExploreReport, s: SavedFailure): number =>
  report.failures.filter((f) => failureSignature(f.outcome) === failureSignature(s.summary.outcome)).length;

function failureJson(r: TargetResult, s: SavedFailure): Record<string, unknown> {
  const { plan } = s.summary;
  return {
    target: r.target.name,
    seed: plan.seed,
    run: plan.index,
    outcome: outcomeJson(s.summary.outcome),
    policies: plan.policies,
    count: countOf(r.report, s),
    trace: s.trace,
    original: s.original,
    shrink: s.stats ?? null,
    reproduced: s.reproduced,
    ...(s.reproduction === undefined ? {} : { reproduction: outcomeJson(s.reproduction) }),
    replay: replayCommand(s.trace),
    rerun: runCommand(r.target, plan.seed, plan.strategy, plan.policies),
  };
}

function printTarget(r: TargetResult, config: ExploreConfig): void {
  const w = (s: string): boolean => process.stdout.write(`${s}\n`);
  const rps = Math.round(r.report.runs / Math.max(r.seconds, 1e-9));
  w(
    `${paint('bold', r.target.name)}: ${r.report.runs} runs in ${r.seconds.toFixed(2)} s (${rps} runs/s), ` +
      `${formatStrategy(config.strategy)}${config.swarm ? ' + swarm' : ''}: ` +
      (r.saved.length === 0
        ? paint('green', 'no failures')
        : paint('red', `${r.saved.length} distinct failure(s) in ${r.report.failures.length} failing run(s)`)),
  );
  for (const s of r.saved) {
    const { plan } = s.summary;
    const st = s.stats;
    w(`  ${outcomeLine(s.summary.outcome)}`);
    w(`    first at run ${plan.index} (seed ${plan.seed}), ${countOf(r.report, s)} failing run(s)`);
    if (st === undefined) {
      const again = s.reproduction === undefined ? 'differently' : oneLine(describeOutcome(s.reproduction));
      w(paint('red', `    not reproduced: the same run again ended ${again}; a host or module is not deterministic (state kept between runs, real time), so nothing was shrunk`));
    } else {
      w(`    shrunk: decisions ${st.decisions[0]} -> ${st.decisions[1]}, latency draws ${st.latencies[0]} -> ${st.latencies[1]}, frames ${st.frames[0]} -> ${st.frames[1]} (${st.runs} runs)`);
    }
    w(`    replay: ${replayCommand(s.trace)}`);
    w(`    rerun:  ${runCommand(r.target, plan.seed, plan.strategy, plan.policies)}`);
  }
}
