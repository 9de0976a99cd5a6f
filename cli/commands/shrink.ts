import type { Command } from 'commander';
import { reproduceRuns, shrink, shrinkRunOptions } from '../../sim/explore/shrink.js';
import { describeOutcome } from '../../sim/outcome.js';
import { Exit, UsageError } from '../errors.js';
import { addTraceWasmOptions, positiveInt } from '../options.js';
import { checkOutFile } from '../out-path.js';
import { progressBar } from '../progress.js';
import { replayCommand } from '../recipe.js';
import { outcomeJson, outcomeLine, printJson } from '../report.js';
import { targetForTrace } from '../trace-target.js';
import { loadTrace, recordRun, recordedRun } from '../trace-io.js';

/** The run after shrinking that records the shrunk trace (and shows it still fails): counted in --max-runs. */
const RECORD_RUNS = 1;
/** Reproducing the recorded failure, then recording the result: the least --max-runs can be. */
const MIN_RUNS = reproduceRuns(true) + RECORD_RUNS;

interface ShrinkOptions {
  readonly out?: string;
  readonly json?: boolean;
  readonly wasm?: string;
  readonly module: string[];
  readonly maxRuns: string;
}

export function shrinkCommandSpec(program: Command, exit: (code: number) => void): void {
  const cmd = program
    .command('shrink')
    .description('minimise a failing trace: fewer decisions, simpler draws and policies, fewer frames')
    .argument('<FILE>', 'a failing trace')
    .option('--out <FILE>', 'where the shrunk trace goes (default FILE with .shrunk.trace)')
    .option('--max-runs <N>', `most runs to spend shrinking, counting every run: the one that reproduces the recorded failure, each simplification tried, the one that records the result (at least ${MIN_RUNS}, which simplifies nothing)`, '400')
    .option('--json', 'one JSON object on stdout instead of text');
  addTraceWasmOptions(cmd).action(async (file: string, o: ShrinkOptions) => {
      const maxRuns = positiveInt(o.maxRuns, '--max-runs') ?? 400;
      if (maxRuns < MIN_RUNS) {
        throw new UsageError(`--max-runs must be at least ${MIN_RUNS} (one run reproduces the recorded failure, one records the shrunk trace), got ${maxRuns}`);
      }
      const trace = loadTrace(file);
      if (trace.footer.outcome.kind === 'pass') throw new UsageError(`${file}: the recorded run passed; only a failing trace can be shrunk`);
      // Checked before shrinking, which can take minutes.
      const out = o.out ?? file.replace(/(\.trace)?$/, '.shrunk.trace');
      checkOutFile(out);
      const target = await targetForTrace(trace, o, 'refuse', file);
      const recorded = recordedRun(trace, file);
      const plan = { index: 0, seed: recorded.seed, strategy: recorded.strategy, policies: recorded.policies };
      const bar = progressBar(maxRuns, 'shrinking', ' {bar} {value} runs (at most {total})');
      // The failure to reproduce is the one the trace recorded, not whatever the re-run gives.
      // A run that checked its policies is shrunk (and saved) checking them: the header says.
      const checks = recorded.checkPolicies === true ? { checkPolicies: true } : {};
      const s = shrink(target, plan, { from: trace.events, expect: trace.footer.outcome, maxRuns: maxRuns - RECORD_RUNS, onRun: (n) => bar.update(n), ...checks });
      if (!s.reproduced) {
        bar.stop();
        throw new UsageError(
          `${file}: re-running its recorded choices did not fail the same way, so it cannot be shrunk here: ` +
            `recorded: ${describeOutcome(s.expected)}; re-run: ${describeOutcome(s.actual)}`,
        );
      }
      const saved = recordRun(target, shrinkRunOptions(target, plan, s.config, checks), { seed: plan.seed, strategy: plan.strategy, mode: 'shrunk', parent: trace.footer.digest }, out);
      const st = { ...s.stats, runs: s.stats.runs + RECORD_RUNS };
      bar.update(st.runs);
      bar.stop();
      if (o.json === true) {
        printJson({ outcome: outcomeJson(saved.result.outcome), seed: plan.seed, trace: saved.path, original: file, shrink: st });
      } else {
        const w = (x: string): boolean => process.stdout.write(`${x}\n`);
        w(outcomeLine(saved.result.outcome));
        w(`shrunk: decisions ${st.decisions[0]} -> ${st.decisions[1]}, latency draws ${st.latencies[0]} -> ${st.latencies[1]}, faults ${st.faults[0]} -> ${st.faults[1]}, frames ${st.frames[0]} -> ${st.frames[1]} (${st.runs} runs)`);
        w(`trace:  ${saved.path ?? out}`);
        w(`replay: ${replayCommand(saved.path ?? out)}`);
      }
      exit(saved.result.outcome.kind === 'failure' ? Exit.Failure : Exit.Pass);
    });
}
