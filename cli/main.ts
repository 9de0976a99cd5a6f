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
import { Exit, USER_ERROR_NAMES, UsageError } from './errors.js';
import { paint } from './style.js';
import { oneLine } from './view/values.js';

/** Errors a user can act on; anything else is a bug in arksim and keeps its stack. */
function userError(e: unknown): string | undefined {
  if (e instanceof UsageError) return e.message;
  const name = (e as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && USER_ERROR_NAMES.has(name)) return (e as Error).message;
  return undefined;
}

/** Write errors that mean the reader has gone: output is then dropped, the work goes on. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * `arksim replay T | head`: once the reader has gone, output is dropped and the command
 * runs to its end, so its exit code still says what it found (a closed pipe must not turn
 * a divergence into exit 0, nor a pass into a failure). Any other write error (a full
 * disk) is one line on stderr and exit 2, as for any output arksim cannot write.
 */
function handleOutputErrors(stream: NodeJS.WriteStream, name: string): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== undefined && READER_GONE.has(e.code)) {
      stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
      return;
    }
    if (stream !== process.stderr) process.stderr.write(`arksim: error: cannot write to ${name}: ${oneLine(e.message)}\n`);
    process.exit(Exit.BadInput);
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  handleOutputErrors(process.stdout, 'standard output');
  handleOutputErrors(process.stderr, 'standard error');
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
      // oneLine: messages quote trace and guest text (a scenario name, a strategy), which must stay one inert line.
      process.stderr.write(`${paint('red', 'arksim: error:', process.stderr)} ${oneLine(message)}\n`);
      return Exit.BadInput;
    }
    throw e;
  }
}
