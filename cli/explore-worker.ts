/**
 * A piscina worker: rebuilds the target from its ref and runs one batch of runs.
 * Everything crossing the thread boundary is plain data.
 */
import { runBatch, type RunSummary } from '../sim/explore/explore.js';
import type { ExploreConfig } from '../sim/explore/plan.js';
import type { TargetRef } from '../sim/explore/target.js';
import type { Policies } from '../sim/host/policies.js';
import { targetFromRef } from './targets.js';

export interface BatchTask {
  readonly ref: TargetRef;
  readonly policies: Policies;
  readonly frames: number | undefined;
  readonly config: ExploreConfig;
  readonly indices: readonly number[];
}

export default async function runTask(task: BatchTask): Promise<RunSummary[]> {
  const target = await targetFromRef(task.ref, { policies: () => task.policies, frames: task.frames });
  return runBatch(target, task.config, task.indices);
}
