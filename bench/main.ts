/**
 * `npm run bench [-- --json] [-- --only NAME]`: runs the benchmarks and prints an aligned
 * table, or `{ "benchmarks": [...] }` with `--json`. Always exits 0 (a missed target is
 * `met: false`, not an error), except for bad arguments or a benchmark that breaks.
 *
 * Gotchas: the memory benchmark needs `global.gc`; without `--expose-gc` this script
 * runs itself again with it.
 */
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
    else throw new Error(`bench: unknown argument ${a ?? ''} (use --json, --only NAME[,NAME])`);
  }
  const known = new Set(BENCHMARKS.map((b) => b.name));
  for (const name of only) {
    if (!known.has(name)) throw new Error(`bench: no benchmark "${name}" (${[...known].join(', ')})`);
  }
  return { json, only };
}

/** Runs this script again under `--expose-gc`, passing the arguments and the exit code through. */
function respawnWithGc(): never {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => args.only.length === 0 || args.only.includes(b.name));
  if (selected.includes(memoryBenchmark) && typeof globalThis.gc !== 'function') respawnWithGc();
  const figures: Figure[] = [];
  const started = performance.now();
  for (const b of selected) {
    progress(`${b.name}...`);
    const t = performance.now();
    figures.push(...(await b.run()));
    progress(`${b.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  progress(`all done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (args.json) process.stdout.write(`${JSON.stringify({ benchmarks: figures.map(toJson) }, null, 2)}\n`);
  else process.stdout.write(formatTable(figures));
}

await main();
