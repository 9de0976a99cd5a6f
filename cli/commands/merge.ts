/**
 * `arksim merge REPORT...`: the `--json` reports of `explore --shard I/N` jobs (a CI
 * matrix) as one report, the one an unsharded exploration would have written
 * (cli/merge-reports.ts). Exit 1 if any shard found a failure, 0 if none did, 2 for a
 * report that cannot be read or does not belong with the others.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FailureOutcome } from '../../sim/outcome.js';
import { Exit, UsageError } from '../errors.js';
import { exploreReport, mergeReports, type ExploreJson, type MergedReport } from '../merge-reports.js';
import { outcomeLine, printJson } from '../report.js';
import { paint } from '../style.js';

function readReport(path: string): ExploreJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not JSON (an explore --json report was expected)`);
  }
  return exploreReport(path, value);
}

function printMerged(m: MergedReport, files: number): void {
  const w = (s: string): boolean => process.stdout.write(`${s}\n`);
  const shards = m.missingShards.length === 0 ? `all ${m.shards} shard(s)` : `${files} of ${m.shards} shards (missing: ${m.missingShards.join(', ')})`;
  w(
    `${shards}, seed ${m.seed}, ${m.strategy}${m.swarm ? ' + swarm' : ''}: ${m.runs} runs, ` +
      (m.failures.length === 0 ? paint('green', 'no failures') : paint('red', `${m.failures.length} distinct failure(s) in ${m.failingRuns} failing run(s)`)),
  );
  for (const f of m.failures) {
    w(`  [${f.target}] ${outcomeLine(f.outcome as FailureOutcome)}`);
    w(`    first at run ${f.run}${typeof f.seed === 'string' ? ` (seed ${f.seed})` : ''}, ${f.count} failing run(s)`);
    if (typeof f.replay === 'string') w(`    replay: ${f.replay}`);
    if (typeof f.rerun === 'string') w(`    rerun:  ${f.rerun}`);
  }
}

export function mergeCommandSpec(program: Command, exit: (code: number) => void): void {
  program
    .command('merge')
    .description('combine the --json reports of explore --shard I/N jobs into the report of the whole exploration')
    .argument('<reports...>', 'explore --json reports, one per shard (1/N to N/N, in any order)')
    .option('--allow-missing', 'merge even when shards of 1..N are missing (the report lists them)')
    .option('--json', 'the merged report as one JSON object (explore --json shape, plus shards and missingShards)')
    .addHelpText(
      'after',
      '\nThe merged report is the one an unsharded explore of the same configuration writes: the same runs,\n' +
        'failing runs and distinct failures, each first met at the same run with the same count; runsPerSecond\n' +
        "is the shards' sum. Reports must be of one exploration (seed, strategy, swarm, shard count, and the\n" +
        'configuration explore records: --runs, --policy, --frames, the Wasm files by hash), each shard once.',
    )
    .action((paths: string[], o: { allowMissing?: boolean; json?: boolean }) => {
      const merged = mergeReports(
        paths.map((path) => ({ path, report: readReport(path) })),
        o.allowMissing === true,
      );
      if (o.json === true) printJson(merged);
      else printMerged(merged, paths.length);
      exit(merged.failures.length === 0 ? Exit.Pass : Exit.Failure);
    });
}
