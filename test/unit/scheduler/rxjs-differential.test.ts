/**
 * Differential test: with the FIFO selector, RxJS time operators must emit the same
 * values at the same virtual times on SimScheduler as on RxJS's own
 * VirtualTimeScheduler. Pipelines are generated; both schedulers run the same builder.
 */
import test from 'ava';
import fc from 'fast-check';
import {
  VirtualTimeScheduler,
  auditTime,
  bufferTime,
  concat,
  concatMap,
  debounceTime,
  delay,
  interval,
  map,
  merge,
  mergeMap,
  of,
  switchMap,
  take,
  throttleTime,
  throwError,
  timeout,
  timer,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { SimScheduler } from '../../../sim/scheduler/sim-scheduler.js';
import { FifoSelector } from '../../../sim/scheduler/selectors/fifo.js';

// ---- What a generated pipeline is made of -------------------------------------------

type Source =
  | { readonly kind: 'timers'; readonly events: readonly (readonly [at: number, value: number])[] }
  | { readonly kind: 'of'; readonly values: readonly number[] }
  | { readonly kind: 'interval'; readonly period: number; readonly count: number }
  | { readonly kind: 'fail'; readonly at: number }
  | { readonly kind: 'merge'; readonly parts: readonly Source[] }
  | { readonly kind: 'concat'; readonly parts: readonly Source[] };

/** The inner observable of a *Map operator, for the i-th outer value. */
type Inner =
  | { readonly kind: 'timer'; readonly delays: readonly number[] }
  | { readonly kind: 'interval'; readonly period: number; readonly count: number };

type Op =
  | { readonly kind: 'delay'; readonly due: number }
  | { readonly kind: 'debounceTime'; readonly due: number }
  | { readonly kind: 'throttleTime'; readonly duration: number; readonly leading: boolean; readonly trailing: boolean }
  | { readonly kind: 'auditTime'; readonly duration: number }
  | { readonly kind: 'bufferTime'; readonly span: number; readonly creation: number | null; readonly maxSize: number | null }
  | { readonly kind: 'timeout'; readonly first: number | null; readonly each: number; readonly fallback: boolean }
  | { readonly kind: 'mergeMap'; readonly inner: Inner; readonly concurrent: number | null }
  | { readonly kind: 'concatMap'; readonly inner: Inner }
  | { readonly kind: 'switchMap'; readonly inner: Inner }
  | { readonly kind: 'take'; readonly count: number };

interface Pipeline {
  readonly source: Source;
  readonly ops: readonly Op[];
}

// Small ranges on purpose: collisions (equal due times, zero delays) are the point.
const time = fc.integer({ min: 0, max: 12 });
const small = fc.integer({ min: 0, max: 6 });
const positive = fc.integer({ min: 1, max: 6 });
const value = fc.integer({ min: 0, max: 99 });

const { source } = fc.letrec<{ source: Source; leaf: Source }>((tie) => ({
  leaf: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('timers' as const), events: fc.array(fc.tuple(time, value), { minLength: 1, maxLength: 5 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('of' as const), values: fc.array(value, { maxLength: 3 }) }) },
    // Always bounded: an unbounded interval(0) never lets VirtualTimeScheduler.flush() return.
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('interval' as const), period: small, count: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), at: time }) },
  ),
  source: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.record({ kind: fc.constant('merge' as const), parts: fc.array(tie('source'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('concat' as const), parts: fc.array(tie('source'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

const inner: fc.Arbitrary<Inner> = fc.oneof(
  fc.record({ kind: fc.constant('timer' as const), delays: fc.array(small, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('interval' as const), period: small, count: fc.integer({ min: 1, max: 3 }) }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delay' as const), due: small }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('debounceTime' as const), due: small }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('throttleTime' as const), duration: small, leading: fc.boolean(), trailing: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('auditTime' as const), duration: small }) },
  {
    weight: 2,
    // Span and creation interval >= 1: bufferTime repeats them until the source ends, so
    // 0 would reschedule at one instant for ever.
    arbitrary: fc.record({
      kind: fc.constant('bufferTime' as const),
      span: positive,
      creation: fc.option(positive, { nil: null }),
      maxSize: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    }),
  },
  {
    // Rarer than the others: a timeout ends most pipelines early.
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('timeout' as const), first: fc.option(small, { nil: null }), each: small, fallback: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('mergeMap' as const), inner, concurrent: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('concatMap' as const), inner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('switchMap' as const), inner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('take' as const), count: fc.integer({ min: 0, max: 4 }) }) },
);

const pipeline: fc.Arbitrary<Pipeline> = fc.record({ source, ops: fc.array(op, { maxLength: 4 }) });

// ---- Building a pipeline on a given scheduler --------------------------------------

function buildSource(s: Source, sched: SchedulerLike): Observable<unknown> {
  switch (s.kind) {
    case 'timers':
      return merge(...s.events.map(([at, v]) => timer(at, sched).pipe(map(() => v))));
    case 'of':
      return of(...s.values);
    case 'interval':
      return interval(s.period, sched).pipe(take(s.count));
    case 'fail':
      return timer(s.at, sched).pipe(mergeMap(() => throwError(() => `failed at ${s.at}`)));
    case 'merge':
      return merge(...s.parts.map((p) => buildSource(p, sched)));
    case 'concat':
      return concat(...s.parts.map((p) => buildSource(p, sched)));
  }
}

function buildInner(spec: Inner, sched: SchedulerLike): (v: unknown, i: number) => Observable<unknown> {
  switch (spec.kind) {
    case 'timer':
      return (v, i) => timer(spec.delays[i % spec.delays.length] as number, sched).pipe(map(() => [i, v]));
    case 'interval':
      return (v, i) =>
        interval(spec.period, sched).pipe(
          take(spec.count),
          map((j) => [i, j, v]),
        );
  }
}

function buildOp(o: Op, sched: SchedulerLike): OperatorFunction<unknown, unknown> {
  switch (o.kind) {
    case 'delay':
      return delay(o.due, sched);
    case 'debounceTime':
      return debounceTime(o.due, sched);
    case 'throttleTime':
      return throttleTime(o.duration, sched, { leading: o.leading, trailing: o.trailing });
    case 'auditTime':
      return auditTime(o.duration, sched);
    case 'bufferTime':
      return bufferTime(o.span, o.creation, o.maxSize ?? Infinity, sched);
    case 'timeout': {
      const w = o.fallback ? { with: () => of('timed out') } : {};
      return o.first === null ? timeout({ each: o.each, scheduler: sched, ...w }) : timeout({ first: o.first, each: o.each, scheduler: sched, ...w });
    }
    case 'mergeMap':
      return mergeMap(buildInner(o.inner, sched), o.concurrent ?? Infinity);
    case 'concatMap':
      return concatMap(buildInner(o.inner, sched));
    case 'switchMap':
      return switchMap(buildInner(o.inner, sched));
    case 'take':
      return take(o.count);
  }
}

function build(p: Pipeline, sched: SchedulerLike): Observable<unknown> {
  return p.ops.reduce<Observable<unknown>>((obs, o) => obs.pipe(buildOp(o, sched)), buildSource(p.source, sched));
}

// ---- Running it -------------------------------------------------------------------

type Notification =
  | readonly [t: number, kind: 'next', value: unknown]
  | readonly [t: number, kind: 'error', error: unknown]
  | readonly [t: number, kind: 'complete'];

function describeError(e: unknown): unknown {
  return e instanceof Error ? `${e.name}: ${e.message}` : e;
}

function record(obs: Observable<unknown>, sched: SchedulerLike, flush: () => void): Notification[] {
  const log: Notification[] = [];
  obs.subscribe({
    next: (v) => log.push([sched.now(), 'next', v]),
    error: (e: unknown) => log.push([sched.now(), 'error', describeError(e)]),
    complete: () => log.push([sched.now(), 'complete']),
  });
  flush();
  return log;
}

/** Generous budgets: a generated pipeline never needs them; hitting one is a failure. */
function onSim(p: Pipeline): Notification[] {
  const sched = new SimScheduler(new FifoSelector(), { maxSteps: 100_000, maxTime: 1_000_000 });
  return record(build(p, sched), sched, () => sched.flush());
}

function onVirtual(p: Pipeline): Notification[] {
  const sched = new VirtualTimeScheduler();
  return record(build(p, sched), sched, () => sched.flush());
}

// ---- Tests ------------------------------------------------------------------------

test('generated pipelines emit the same notifications at the same times as on VirtualTimeScheduler', (t) => {
  // What the generated cases exercised, so the generator cannot quietly degenerate.
  const seen = { several: 0, sameInstant: 0, later: 0, errors: 0 };
  const details = fc.check(
    fc.property(pipeline, (p) => {
      const expected = onVirtual(p);
      const actual = onSim(p);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(`SimScheduler: ${JSON.stringify(actual)}\nVirtualTimeScheduler: ${JSON.stringify(expected)}`);
      }
      if (expected.length > 1) seen.several++;
      if (expected.some(([at, kind], i) => kind === 'next' && i > 0 && expected[i - 1]?.[0] === at)) seen.sameInstant++;
      if (expected.some(([at]) => at > 0)) seen.later++;
      if (expected.some(([, kind]) => kind === 'error')) seen.errors++;
    }),
    { numRuns: 1000 },
  );
  t.false(details.failed, fc.defaultReportMessage(details) ?? '');
  t.is(details.numRuns, 1000);
  t.log(seen);
  t.true(seen.several > 500, JSON.stringify(seen));
  t.true(seen.sameInstant > 100, JSON.stringify(seen));
  t.true(seen.later > 500, JSON.stringify(seen));
  t.true(seen.errors > 100, JSON.stringify(seen));
});

test('simultaneous timers emit in subscription order on both schedulers', (t) => {
  const p: Pipeline = {
    source: {
      kind: 'merge',
      parts: [
        { kind: 'timers', events: [[3, 1], [0, 2], [3, 3]] },
        { kind: 'of', values: [4] },
      ],
    },
    ops: [{ kind: 'delay', due: 0 }],
  };
  const expected: Notification[] = [
    [0, 'next', 4],
    [0, 'next', 2],
    [3, 'next', 1],
    [3, 'next', 3],
    [3, 'complete'],
  ];
  t.deepEqual(onVirtual(p), expected);
  t.deepEqual(onSim(p), expected);
});

test('timeout of zero races a value due at the same instant; the earlier-scheduled timer wins', (t) => {
  // timeout subscribes to its source before starting its own timer, so a source timer(0)
  // is ahead of it in the queue; behind a delay(0), the source's timer is scheduled later.
  const valueFirst: Pipeline = {
    source: { kind: 'timers', events: [[0, 7]] },
    ops: [{ kind: 'timeout', first: 0, each: 5, fallback: false }],
  };
  const timeoutFirst: Pipeline = { ...valueFirst, ops: [{ kind: 'delay', due: 0 }, ...valueFirst.ops] };
  const value: Notification[] = [
    [0, 'next', 7],
    [0, 'complete'],
  ];
  const timedOut: Notification[] = [[0, 'error', 'TimeoutError: Timeout has occurred']];
  t.deepEqual(onVirtual(valueFirst), value);
  t.deepEqual(onSim(valueFirst), value);
  t.deepEqual(onVirtual(timeoutFirst), timedOut);
  t.deepEqual(onSim(timeoutFirst), timedOut);
});

test('an infinite delay never fires, as on VirtualTimeScheduler', (t) => {
  for (const due of [Infinity, NaN]) {
    const make = (sched: SchedulerLike): Observable<unknown> => merge(timer(due, sched), timer(2, sched).pipe(map(() => 'finite')));
    const sim = new SimScheduler(new FifoSelector());
    const expected: Notification[] = [[2, 'next', 'finite']];
    const vts = new VirtualTimeScheduler();
    t.deepEqual(record(make(vts), vts, () => vts.flush()), expected, `VirtualTimeScheduler, delay ${due}`);
    t.deepEqual(record(make(sim), sim, () => sim.flush()), expected, `SimScheduler, delay ${due}`);
    t.is(sim.pending, 0, 'a never-due action is not pending work');
  }
});
