/**
 * `npm run bench [-- --json] [-- --only NAME[,NAME]]`: runs the benchmarks and prints an
 * aligned table, or `{ "benchmarks": [...] }` with `--json`. Exits 0 whether or not
 * targets are met (a miss is `met: false`); 2 for bad arguments; a benchmark whose
 * workload misbehaves (a run fails, a replay diverges, outputs differ) throws.
 *
 * Gotchas: the memory benchmark needs `global.gc`; without `--expose-gc` this script
 * runs itself again with it.
 */
// First, for its side effect: the same V8 tuning as the CLI (figures and baselines alike).
import '../cli/v8-tuning.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { progress, toJson, type Benchmark, type Figure } from './benchmark.js';
import { explorePerSecondBenchmark } from './explore-vs-fast-check.js';
import { memoryBenchmark } from './memory.js';
import { recordingBenchmark } from './recording.js';
import { replayDecodeBenchmark } from './replay-decode.js';
import { schedulerBenchmark } from './scheduler.js';
import { formatTable } from './table.js';
import { traceSizeBenchmark } from './trace-size.js';
import { workersBenchmark } from './workers.js';

const BENCHMARKS: readonly Benchmark[] = [
  schedulerBenchmark,
  explorePerSecondBenchmark,
  recordingBenchmark,
  traceSizeBenchmark,
  replayDecodeBenchmark,
  memoryBenchmark,
  workersBenchmark,
];

/** Bad command-line arguments: reported in one line, exit code 2. */
class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

interface Args {
  readonly json: boolean;
  readonly only: readonly string[];
}

function parseArgs(argv: readonly string[]): Args {
  let json = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--only') only.push(...(argv[++i] ?? '').split(',').filter((s) => s !== ''));
    else if (a?.startsWith('--only=')) only.push(...a.slice('--only='.length).split(','));
    else throw new BenchUsageError(`bench: unknown argument ${a ?? ''} (use --json, --only NAME[,NAME])`);
  }
  const known = new Set(BENCHMARKS.map((b) => b.name));
  for (const name of only) {
    if (!known.has(name)) throw new BenchUsageError(`bench: no benchmark "${name}" (${[...known].join(', ')})`);
  }
  return { json, only };
}

/** Runs this script again under `--expose-gc`, passing the arguments and the exit code through. */
function respawnWithGc(): never {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

/**
 * Collects what the benchmarks before left behind (a 200k-event trace and its events,
 * 100,000 runs' garbage), so that no benchmark's timings include collecting another's
 * garbage. A no-op without `--expose-gc` (an `--only` run without the memory benchmark).
 */
function settleHeap(): void {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return;
  gc();
  gc();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => args.only.length === 0 || args.only.includes(b.name));
  if (selected.includes(memoryBenchmark) && typeof globalThis.gc !== 'function') respawnWithGc();
  const figures: Figure[] = [];
  const started = performance.now();
  for (const b of selected) {
    progress(`${b.name}...`);
    settleHeap();
    const t = performance.now();
    figures.push(...(await b.run()));
    progress(`${b.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  progress(`all done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (args.json) process.stdout.write(`${JSON.stringify({ benchmarks: figures.map(toJson) }, null, 2)}\n`);
  else process.stdout.write(formatTable(figures));
}

try {
  await main();
} catch (e) {
  if (!(e instanceof BenchUsageError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 2;
}
