/**
 * Traces on the command line: recording a run to a file, reading one back with a clear
 * one-line error, and turning a header into what replay needs.
 */
import { createHash } from 'node:crypto';
import { createTraceHeader, headerWithSeed, fileTarget, memoryTarget, readTraceFile, TraceFormatError, TracePartialOnlyError, TraceWriter } from '../recorder/index.js';
import type { Trace, TraceHeader } from '../recorder/index.js';
import type { TraceMode, TraceWasm } from '../recorder/header.js';
import { ARKSIM_VERSION } from '../recorder/version.js';
import type { RunTarget } from '../sim/explore/target.js';
import type { RecordedRun } from '../sim/replay/replay.js';
import { runSimulation, type RunOptions, type RunResult } from '../sim/run/run.js';
import { formatStrategy, parseStrategy, StrategyParseError, type StrategySpec } from '../sim/scheduler/strategy.js';
import { DEFAULT_BUDGETS, type Budgets } from '../sim/budget.js';
import type { Policies } from '../sim/host/policies.js';
import { UsageError } from './errors.js';
import { writeError } from './out-path.js';

export interface HeaderFields {
  readonly seed: string;
  readonly strategy: StrategySpec;
  readonly mode: TraceMode;
  readonly parent: string | null;
  /** The host's name for the header; default `reference`, or `custom` when `options.host` is set. */
  readonly host?: string;
}

/** The header's `host` for a run with `options`. */
function hostName(options: RunOptions, fields: HeaderFields): string {
  return fields.host ?? (options.host === undefined ? 'reference' : 'custom');
}

const wasmEntriesCache = new WeakMap<RunTarget, TraceWasm[]>();

/** The Wasm binaries a target runs, by content hash, with the paths they were loaded from (once per target). */
export function wasmEntries(target: RunTarget): TraceWasm[] {
  let entries = wasmEntriesCache.get(target);
  if (entries === undefined) {
    entries = computeWasmEntries(target);
    wasmEntriesCache.set(target, entries);
  }
  return entries;
}

function computeWasmEntries(target: RunTarget): TraceWasm[] {
  const sim = target.build();
  const ref = target.ref?.kind === 'wasm' ? target.ref : undefined;
  const pathOf = (name: string, role: 'guest' | 'module'): { path?: string } => {
    const path = role === 'guest' ? ref?.guest : ref?.modules.find((m) => m.name === name)?.path;
    return path === undefined ? {} : { path };
  };
  const out: TraceWasm[] = [];
  if (sim.guest.sha256 !== undefined) out.push({ name: sim.guest.name, role: 'guest', sha256: sim.guest.sha256, ...pathOf(sim.guest.name, 'guest') });
  for (const m of sim.modules) {
    if (m.sha256 !== undefined) out.push({ name: m.name, role: 'module', sha256: m.sha256, ...pathOf(m.name, 'module') });
  }
  return out;
}

/** The last header made, with what it was made from: the next run of the same target differs only in its seed. */
let last: { readonly target: RunTarget; readonly header: TraceHeader } | undefined;

export function traceHeader(target: RunTarget, options: RunOptions, fields: HeaderFields): TraceHeader {
  const policies = options.policies ?? target.policies;
  const budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  const strategy = formatStrategy(fields.strategy);
  const host = hostName(options, fields);
  if (last !== undefined && last.target === target) {
    const h = last.header;
    // Compared by value: a caller may pass equal policies as a new object every run.
    if (h.strategy === strategy && h.mode === fields.mode && h.parent === fields.parent && h.host === host && h.checkPolicies === (options.checkPolicies === true) && samePolicies(h.policies, policies) && sameBudgets(h.budgets, budgets)) {
      return headerWithSeed(h, fields.seed);
    }
  }
  const header = createTraceHeader({
    arksimVersion: ARKSIM_VERSION,
    scenario: target.ref?.kind === 'scenario' ? target.ref.name : null,
    wasm: wasmEntries(target),
    seed: fields.seed,
    strategy,
    policies,
    budgets,
    mode: fields.mode,
    parent: fields.parent,
    host,
    checkPolicies: options.checkPolicies === true,
  });
  last = { target, header };
  return header;
}

function samePolicies(a: Policies, b: Policies): boolean {
  const x = a.latency;
  const y = b.latency;
  const sameLatency = x.kind === 'fixed' ? y.kind === 'fixed' && x.us === y.us : y.kind === 'uniform' && x.min === y.min && x.max === y.max;
  return sameLatency && a.errors === b.errors && a.handles === b.handles && a.faults === b.faults;
}

function sameBudgets(a: Budgets, b: Budgets): boolean {
  return a.maxSteps === b.maxSteps && a.maxTime === b.maxTime && a.frames === b.frames && a.frameUs === b.frameUs && a.fuel === b.fuel;
}

export interface RecordedResult {
  readonly result: RunResult;
  /** The trace's digest (footer). */
  readonly digest: string;
  readonly path: string | undefined;
  readonly bytes: Uint8Array | undefined;
}

/** Runs with a recorder attached: to `out` if given (published by rename), else in memory. */
export function recordRun(target: RunTarget, options: RunOptions, fields: HeaderFields, out: string | undefined): RecordedResult {
  const header = traceHeader(target, options, fields);
  if (out !== undefined) {
    // Opening `out.partial`, writing it, or renaming it onto `out` can fail: bad usage (exit 2), not a found failure.
    let file;
    try {
      file = fileTarget(out);
    } catch (e) {
      throw writeError(out, e);
    }
    const writer = new TraceWriter(header, file);
    try {
      const result = runSimulation(target.build(), { ...options, sinks: [...(options.sinks ?? []), writer] });
      const path = writer.finish(result.outcome);
      return { result, digest: writer.footer?.digest ?? '', path, bytes: undefined };
    } catch (e) {
      writer.abort();
      throw writeError(out, e);
    }
  }
  const writer = new TraceWriter(header, memoryTarget());
  const result = runSimulation(target.build(), { ...options, sinks: [...(options.sinks ?? []), writer] });
  const bytes = writer.finish(result.outcome);
  return { result, digest: writer.footer?.digest ?? '', path: undefined, bytes };
}

/** Reads a trace file; a missing, unreadable or damaged file is bad input (exit 2). */
export function loadTrace(path: string): Trace {
  try {
    return readTraceFile(path);
  } catch (e) {
    if (e instanceof TraceFormatError || e instanceof TracePartialOnlyError) throw new UsageError(`${path}: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${path}: is a directory, not a trace`);
    if (code !== undefined) throw new UsageError(`${path}: cannot read (${code})`);
    throw e;
  }
}

/** What replaying `trace` needs; `tracePath`, when given, names the trace in the error a bad header gives. */
export function recordedRun(trace: Trace, tracePath?: string): RecordedRun {
  let strategy: StrategySpec;
  try {
    strategy = parseStrategy(trace.header.strategy);
  } catch (e) {
    if (e instanceof StrategyParseError) throw new UsageError(`${tracePath === undefined ? '' : `${tracePath}: `}trace header: ${e.message}`);
    throw e;
  }
  return {
    seed: trace.header.seed,
    strategy,
    policies: trace.header.policies,
    budgets: trace.header.budgets,
    checkPolicies: trace.header.checkPolicies,
    events: trace.events,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
