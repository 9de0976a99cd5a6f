/**
 * scheduler: one RxJS workload (timers, `delay`ed values, interval + take, mergeMap with
 * inner timers; about 20k scheduled actions, many tied at the same instant) on arksim's
 * SimScheduler, with the FIFO and the random selector, against RxJS 7's
 * VirtualTimeScheduler. Target: at most 1.5 times VTS's time.
 */
import { isDeepStrictEqual } from 'node:util';
import { delay, interval, map, merge, mergeMap, range, take, timer, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import { SeedStreams } from '../sim/random.js';
import { SimScheduler } from '../sim/scheduler/sim-scheduler.js';
import { FifoSelector } from '../sim/scheduler/selectors/fifo.js';
import { RandomSelector } from '../sim/scheduler/selectors/random.js';
import type { Benchmark, Figure } from './benchmark.js';
import { measurePair } from './measure.js';

/** Groups started by the driving interval; each schedules 27 actions. */
const GROUPS = 750;

/** One group: four kinds of scheduled work, all emitting `kind group.value@time`. */
function group(s: SchedulerLike, i: number) {
  const at = (kind: string) => (v: number) => `${kind} ${i}.${v}@${s.now()}`;
  return merge(
    timer(i % 7, s).pipe(map(at('timer'))),
    // `delay` gives each value its own timer: ten actions tied at one instant.
    range(0, 10).pipe(delay(5, s), map(at('delay'))),
    interval(3, s).pipe(take(10), map(at('interval'))),
    range(1, 5).pipe(mergeMap((j) => timer((j * 2) % 5, s).pipe(map(() => j))), map(at('inner'))),
  );
}

/** Builds the workload on `s`; emissions go to `out`. The caller flushes. */
function workload(s: SchedulerLike, out: string[]): void {
  interval(10, s)
    .pipe(take(GROUPS), mergeMap((i) => group(s, i)))
    .subscribe((e) => out.push(e));
}

function onVts(): string[] {
  const out: string[] = [];
  const vts = new VirtualTimeScheduler();
  workload(vts, out);
  vts.flush();
  return out;
}

function onSim(selector: 'fifo' | 'random'): { out: string[]; steps: number; decisions: number } {
  const out: string[] = [];
  const sim = new SimScheduler(
    selector === 'fifo' ? new FifoSelector() : new RandomSelector(new SeedStreams('bench').stream('scheduler')),
  );
  workload(sim, out);
  sim.flush();
  return { out, steps: sim.steps, decisions: sim.decisions };
}

/** Same workload, same emissions: in VTS's own order for FIFO, as a multiset for random. */
function checkSameEmissions(): { steps: number; decisions: number } {
  const vts = onVts();
  const fifo = onSim('fifo');
  if (!isDeepStrictEqual(fifo.out, vts)) throw new Error('scheduler: FIFO SimScheduler and VirtualTimeScheduler emit differently');
  const random = onSim('random');
  if (!isDeepStrictEqual([...random.out].sort(), [...vts].sort())) {
    throw new Error('scheduler: random SimScheduler emits a different multiset than VirtualTimeScheduler');
  }
  if (isDeepStrictEqual(random.out, vts)) throw new Error('scheduler: the random selector never reordered anything');
  return { steps: fifo.steps, decisions: random.decisions };
}

export const schedulerBenchmark: Benchmark = {
  name: 'scheduler',
  async run(): Promise<readonly Figure[]> {
    const { steps, decisions } = checkSameEmissions();
    const figures: Figure[] = [];
    for (const selector of ['fifo', 'random'] as const) {
      const t = await measurePair(() => onSim(selector), onVts, { warmup: 5, repeats: 15 });
      figures.push({
        name: `scheduler/${selector}`,
        value: t.value.ms,
        unit: 'ms',
        baseline: t.baseline.ms,
        ratio: t.value.ms / t.baseline.ms,
        ratioMeans: 'arksim / VTS time',
        target: { on: 'ratio', op: '<=', bound: 1.5 },
        note:
          selector === 'fifo'
            ? `${steps} actions, emissions identical to VTS's in order; baseline VirtualTimeScheduler`
            : `${steps} actions, ${decisions} ties decided at random, same emissions as VTS as a multiset; baseline VirtualTimeScheduler`,
      });
    }
    return figures;
  },
};
