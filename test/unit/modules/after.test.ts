/**
 * `after` must be indistinguishable from `timer(delay, scheduler).pipe(map(produce))`:
 * it replaced that pipeline in the catalogue's hottest module function, and the golden
 * traces depend on every scheduling decision staying the same.
 */
import test from 'ava';
import fc from 'fast-check';
import { map, timer, VirtualTimeScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { after } from '../../../sim/modules/after.js';
import { SeedStreams } from '../../../sim/random.js';
import { RandomSelector } from '../../../sim/scheduler/selectors/random.js';
import { SimScheduler } from '../../../sim/scheduler/sim-scheduler.js';

type Make = (scheduler: SchedulerLike, delay: number, produce: () => string) => Observable<string>;
const viaTimer: Make = (scheduler, delay, produce) => timer(delay, scheduler).pipe(map(() => produce()));
const viaAfter: Make = after;

interface Job {
  readonly delay: number;
  readonly throws: boolean;
  /** Unsubscribe at this virtual time (null: never). */
  readonly cancelAt: number | null;
}

/** Runs the jobs on a random-selector scheduler seeded by `seed`; the log of what happened when. */
function play(make: Make, jobs: readonly Job[], seed: number): string[] {
  const s = new SimScheduler(new RandomSelector(new SeedStreams(seed).stream('scheduler')));
  const log: string[] = [];
  jobs.forEach((job, i) => {
    const sub = make(s, job.delay, () => {
      if (job.throws) throw new Error(`job ${i} failed`);
      return `value ${i}`;
    }).subscribe({
      next: (v) => log.push(`${s.now()} next ${i} ${v}`),
      error: (e: Error) => log.push(`${s.now()} error ${i} ${e.message}`),
      complete: () => log.push(`${s.now()} complete ${i}`),
    });
    if (job.cancelAt !== null) s.schedule(() => sub.unsubscribe(), job.cancelAt);
  });
  s.flush();
  log.push(`end at ${s.now()} after ${s.steps} steps, ${s.decisions} decisions`);
  return log;
}

const job = fc.record({
  delay: fc.oneof(fc.constantFrom(0, -5, 1000), fc.integer({ min: -10, max: 5000 })),
  throws: fc.boolean(),
  cancelAt: fc.option(fc.integer({ min: 0, max: 5000 })),
});

test('after emits, fails, cancels and is scheduled exactly as timer + map', (t) => {
  fc.assert(
    fc.property(fc.array(job, { maxLength: 12 }), fc.nat(1000), (jobs, seed) => {
      t.deepEqual(play(viaAfter, jobs, seed), play(viaTimer, jobs, seed));
    }),
    { numRuns: 300 },
  );
});

test('after: the value at the delay, then completion; unsubscribed first, nothing at all', (t) => {
  const log = play(viaAfter, [{ delay: 700, throws: false, cancelAt: null }, { delay: 900, throws: false, cancelAt: 100 }], 1);
  t.deepEqual(log, ['700 next 0 value 0', '700 complete 0', 'end at 700 after 2 steps, 0 decisions']);
});

test('after clamps a negative delay to 0 as timer does, on any scheduler', (t) => {
  // SimScheduler clamps on its own; RxJS's VirtualTimeScheduler would run it in the past.
  const run = (make: Make): string[] => {
    const s = new VirtualTimeScheduler();
    const log: string[] = [];
    s.schedule(() => log.push(`${s.now()} tick`), 0);
    make(s, -5, () => 'v').subscribe((v) => log.push(`${s.now()} ${v}`));
    s.flush();
    return log;
  };
  t.deepEqual(run(viaAfter), run(viaTimer));
  t.deepEqual(run(viaAfter), ['0 tick', '0 v']);
});
