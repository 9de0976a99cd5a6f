/**
 * The target a trace was recorded from: its catalogue scenario, or its Wasm files
 * (from --wasm/--module, else the paths recorded in the header), each checked against
 * the SHA-256 the header recorded, unless the caller runs changed files on purpose
 * (`replay --mode check` of a fixed guest).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Trace } from '../recorder/index.js';
import type { RunTarget } from '../sim/explore/target.js';
import { UsageError } from './errors.js';
import type { CommonOptions } from './options.js';
import { parseModuleArg } from './resolve.js';
import { scenarioByName, scenarioTarget, targetFromRef } from './targets.js';

/**
 * `tracePath`, when given, names the trace in every error, and is where relative paths
 * recorded in its header are also looked for (a corpus keeps its traces beside its Wasm
 * files, and CI replays them from the repository root).
 */
export async function targetForTrace(
  trace: Trace,
  o: Pick<CommonOptions, 'wasm' | 'module'>,
  changedFiles: 'refuse' | 'allow' = 'refuse',
  tracePath?: string,
): Promise<RunTarget> {
  try {
    return await target(trace, o, changedFiles, tracePath === undefined ? undefined : dirname(tracePath));
  } catch (e) {
    if (e instanceof UsageError && tracePath !== undefined) throw new UsageError(`${tracePath}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** A path from the header: as recorded if it is there, else beside the trace, else a clear error naming the flag to give. */
function recordedFile(path: string, traceDir: string | undefined, flag: string): string {
  if (existsSync(path)) return path;
  if (traceDir !== undefined && !isAbsolute(path) && existsSync(join(traceDir, path))) return join(traceDir, path);
  const where = traceDir === undefined || isAbsolute(path) ? '' : ' (nor beside the trace)';
  throw new UsageError(`the trace recorded ${path}, which is not here${where}; give ${flag}`);
}

async function target(trace: Trace, o: Pick<CommonOptions, 'wasm' | 'module'>, changedFiles: 'refuse' | 'allow', traceDir: string | undefined): Promise<RunTarget> {
  const h = trace.header;
  const keep = { policies: () => h.policies, frames: h.budgets.frames };
  if (h.scenario !== null) {
    if (o.wasm !== undefined || o.module.length > 0) {
      throw new UsageError(`this trace recorded catalogue scenario "${h.scenario}", which runs no Wasm files: drop --wasm and --module`);
    }
    const t = scenarioTarget(scenarioByName(h.scenario), keep);
    return { ...t, budgets: h.budgets };
  }
  const guest = h.wasm.find((w) => w.role === 'guest');
  const recordedGuest = guest?.path;
  const guestPath = o.wasm ?? (recordedGuest === undefined ? undefined : recordedFile(recordedGuest, traceDir, '--wasm GUEST.wasm'));
  if (guestPath === undefined) {
    throw new UsageError('this trace names no scenario and no Wasm guest file; give --wasm GUEST.wasm (and --module NAME=FILE.wasm)');
  }
  const given = o.module.map(parseModuleArg);
  const recordedModules = h.wasm.filter((w) => w.role === 'module');
  // A --module the trace never launched would be silently ignored: most likely a typo of one it did.
  for (const g of given) {
    if (!recordedModules.some((w) => w.name === g.name)) {
      const names = recordedModules.map((w) => w.name).join(', ');
      throw new UsageError(`--module ${g.name}=…: the trace launched no Wasm module "${g.name}" (${names === '' ? 'it launched none' : `it launched: ${names}`})`);
    }
  }
  const modules = recordedModules.map((w) => {
    const path = given.find((g) => g.name === w.name)?.path ?? (w.path === undefined ? undefined : recordedFile(w.path, traceDir, `--module ${w.name}=FILE.wasm`));
    if (path === undefined) throw new UsageError(`this trace launched Wasm module "${w.name}"; give --module ${w.name}=FILE.wasm`);
    return { name: w.name, path };
  });
  // The guest keeps the name it was recorded under (the trace's events carry it), whatever its file is called now.
  const ref = { kind: 'wasm' as const, guest: guestPath, ...(guest === undefined ? {} : { guestName: guest.name }), modules };
  const loaded = await targetFromRef(ref, keep);
  const sim = loaded.build();
  const hashes = new Map([[sim.guest.name, sim.guest.sha256], ...sim.modules.map((m) => [m.name, m.sha256] as const)]);
  for (const w of h.wasm) {
    const actual = hashes.get(w.name);
    // A file that is not there at all is an error in any mode; a changed one only where the run must be the recorded one.
    if (actual === undefined || (actual !== w.sha256 && changedFiles === 'refuse')) {
      throw new UsageError(`${w.name}: the file given is not the one recorded (SHA-256 ${actual?.slice(0, 12) ?? 'missing'}…, trace has ${w.sha256.slice(0, 12)}…)`);
    }
  }
  return { ...loaded, budgets: h.budgets };
}
