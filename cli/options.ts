/** The options every running command shares (../shared/CLI.md "Common options"). */
import { Option, type Command } from 'commander';
import { normalizeSeed } from '../sim/random.js';
import { parsePolicies, PolicyParseError, type Policies } from '../sim/host/policies.js';
import { parseStrategy, StrategyParseError, type StrategySpec } from '../sim/scheduler/strategy.js';
import { UsageError } from './errors.js';

export interface CommonOptions {
  readonly seed?: string;
  readonly strategy?: string;
  readonly policy: string[];
  readonly out?: string;
  readonly json?: boolean;
  readonly wasm?: string;
  readonly module: string[];
  readonly frames?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--seed <S>', 'seed: a number or a string (explore: the base; run i gets S+i, or S#i for a string)', '1')
    .option('--strategy <NAME>', 'fifo | random | pct[:DEPTH] (default: fifo for run, random for explore)')
    .option('--policy <KEY=VALUE>', 'errors=eager|deferred, latency=fixed:US|uniform:MIN-MAX, handles=sequential|random, faults=P (repeatable)', collect, [])
    .option('--wasm <GUEST.wasm>', 'run a Wasm guest (an applet) instead of a catalogue scenario')
    .option('--module <NAME=FILE.wasm>', 'a Wasm module the guest can launch (repeatable)', collect, [])
    .option('--frames <N>', "frames to drive the guest for (default: the scenario's, 600 for --wasm)")
    .option('--json', 'one JSON object on stdout instead of text');
}

/** For commands that read a trace: where its Wasm files are, when not at the recorded paths. */
export function addTraceWasmOptions(cmd: Command): Command {
  return cmd
    .option('--wasm <GUEST.wasm>', 'the Wasm guest, if not at the path the trace recorded')
    .option('--module <NAME=FILE.wasm>', 'a Wasm module, if not at the path the trace recorded (repeatable)', collect, []);
}

export function addOutOption(cmd: Command, what: string): Command {
  return cmd.addOption(new Option('--out <FILE>', what));
}

export function seedOf(o: CommonOptions): string {
  return normalizeSeed(o.seed ?? '1');
}

export function strategyOf(o: CommonOptions, fallback: StrategySpec): StrategySpec {
  try {
    return o.strategy === undefined ? fallback : parseStrategy(o.strategy);
  } catch (e) {
    if (e instanceof StrategyParseError) throw new UsageError(e.message);
    throw e;
  }
}

export function policiesOf(o: CommonOptions, base: Policies): Policies {
  try {
    return parsePolicies(o.policy, base);
  } catch (e) {
    if (e instanceof PolicyParseError) throw new UsageError(e.message);
    throw e;
  }
}

/** Decimal digits only, at least 1 and a safe integer: `Number()` would round 9007199254740993 and take 1e20. */
export function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || !Number.isSafeInteger(n)) {
    throw new UsageError(`${what} must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got "${text}"`);
  }
  return n;
}
