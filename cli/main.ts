/**
 * arksim's command line (../shared/CLI.md). Exit codes: 0 pass (or an exact replay
 * matched), 1 a failure was found, 2 bad usage or bad input, always with one clear
 * line on stderr and no stack trace.
 */
import { Command, CommanderError } from 'commander';
import { ARKSIM_VERSION } from '../recorder/version.js';
import { diffCommandSpec } from './commands/diff.js';
import { exploreCommandSpec } from './commands/explore.js';
import { exportCommandSpec } from './commands/export.js';
import { inspectCommandSpec } from './commands/inspect.js';
import { listCommand } from './commands/list.js';
import { mergeCommandSpec } from './commands/merge.js';
import { replayCommandSpec } from './commands/replay.js';
import { runCommandSpec } from './commands/run.js';
import { shrinkCommandSpec } from './commands/shrink.js';
import { Exit, UsageError } from './errors.js';
import { paint } from './style.js';

/** Errors a user can act on; anything else is a bug in arksim and keeps its stack. */
function userError(e: unknown): string | undefined {
  if (e instanceof UsageError) return e.message;
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'WasmLoadError' || name === 'TraceFormatError' || name === 'PolicyParseError' || name === 'StrategyParseError') {
    return (e as Error).message;
  }
  return undefined;
}

/** `arksim inspect T | head`: a closed pipe ends the output quietly, as in any Unix tool. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyOnClosedPipe(process.stdout);
  let code: number = Exit.Pass;
  const program = new Command('arksim')
    .description('deterministic simulation and replay for Ark module-run-v0 Wasm modules')
    .version(ARKSIM_VERSION)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(paint('red', s, process.stderr)),
    });
  const exit = (c: number): void => {
    code = c;
  };
  listCommand(program);
  runCommandSpec(program, exit);
  exploreCommandSpec(program, exit);
  mergeCommandSpec(program, exit);
  replayCommandSpec(program, exit);
  shrinkCommandSpec(program, exit);
  inspectCommandSpec(program, exit);
  diffCommandSpec(program, exit);
  exportCommandSpec(program, exit);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['node', 'arksim', ...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; commander has printed its one line for the rest.
      return e.exitCode === 0 ? Exit.Pass : Exit.BadInput;
    }
    const message = userError(e);
    if (message !== undefined) {
      process.stderr.write(`${paint('red', 'arksim: error:', process.stderr)} ${message}\n`);
      return Exit.BadInput;
    }
    throw e;
  }
}
