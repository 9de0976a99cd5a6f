/**
 * A piscina worker: rebuilds the target from its ref and runs one batch of runs.
 * Everything crossing the thread boundary is plain data.
 */
import { runBatch, summarizeBatch, type BatchResult } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import type { RunTarget, TargetRef } from '../sim/explore/target.js';
import type { Policies } from '../sim/host/policies.js';
import { USER_ERROR_NAMES, type WorkerUserError } from './errors.js';
import { targetFromRef } from './targets.js';

export interface BatchTask {
  readonly ref: TargetRef;
  readonly policies: Policies;
  readonly frames: number | undefined;
  readonly config: ExploreConfig;
  readonly indices: readonly number[];
}

/**
 * Targets this thread has built, by what defines them. A Wasm target compiles its
 * modules when built; rebuilding it for every batch would repeat that work hundreds of
 * times. Explorations go one target at a time, so a few entries are enough.
 */
const built = new Map<string, Promise<RunTarget>>();
const KEEP = 4;

function target(task: BatchTask): Promise<RunTarget> {
  const key = JSON.stringify([task.ref, task.policies, task.frames ?? null]);
  let t = built.get(key);
  if (t === undefined) {
    t = targetFromRef(task.ref, { policies: () => task.policies, frames: task.frames });
    // A target that failed to build is not kept: the error goes to this batch only.
    t.catch(() => built.delete(key));
    built.set(key, t);
    if (built.size > KEEP) built.delete(built.keys().next().value as string);
  }
  return t;
}

export default async function runTask(task: BatchTask): Promise<BatchResult> {
  try {
    return summarizeBatch(runBatch(await target(task), task.config, task.indices));
  } catch (e) {
    // Bad input (a Wasm file arksim cannot run, changed since it was checked): sent as plain
    // data, since an error's name would not survive the trip (see WorkerUserError).
    if (e instanceof Error && USER_ERROR_NAMES.has(e.name)) throw { kind: 'arksim-user-error', message: e.message } satisfies WorkerUserError;
    throw e;
  }
}
