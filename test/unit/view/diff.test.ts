/**
 * diff's side-by-side walk finds what comparing two whole event lists finds: the first
 * differing index, the `context` equal events before it and up to `context` + 1 of each
 * side from it, described (rows) as with every event before them in view.
 */
import test, { type ExecutionContext } from 'ava';
import { eventRows, findDivergence, TraceContext, type EventStream } from '../../../cli/view/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { equalValues } from '../../../sim/replay/equal.js';
import { sampleRun, TestRng } from '../recorder/fixtures.js';

function stream(events: readonly TraceEvent[]): EventStream {
  let i = 0;
  return { next: () => events[i++] };
}

/** The reference: the first index where the lists differ, by looking at both whole. */
function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!equalValues(a[i], b[i])) return i;
  return a.length === b.length ? undefined : n;
}

/** Rows of `events[from, to)`, described with the context of every event before them. */
function rowsOf(events: readonly TraceEvent[], from: number, to: number): unknown[] {
  const ctx = new TraceContext();
  for (const e of events.slice(0, from)) ctx.observe(e);
  return eventRows(events.slice(from, to), ctx, from);
}

function check(t: ExecutionContext, a: readonly TraceEvent[], b: readonly TraceEvent[], context: number, what: string): void {
  const ctx = new TraceContext();
  const d = findDivergence(stream(a), stream(b), context, ctx);
  const index = firstDifference(a, b);
  if (index === undefined) {
    t.is(d, undefined, what);
    return;
  }
  t.is(d?.index, index, what);
  if (d === undefined) return;
  t.deepEqual(findDivergence(stream(a), stream(b), context), d, `${what}: the same without a context to describe it`);
  const from = Math.max(0, index - context);
  t.deepEqual(d.before, a.slice(from, index), what);
  t.deepEqual(d.afterA, a.slice(index, Math.min(a.length, index + 1 + context)), what);
  t.deepEqual(d.afterB, b.slice(index, Math.min(b.length, index + 1 + context)), what);
  // The rows diff prints: the window described with the context of everything before it.
  t.deepEqual(eventRows(d.before, ctx, from), rowsOf(a, from, index), what);
  const ctxB = ctx.copy();
  t.deepEqual(eventRows(d.afterA, ctx, index), rowsOf(a, index, index + d.afterA.length), what);
  t.deepEqual(eventRows(d.afterB, ctxB, index), rowsOf(b, index, index + d.afterB.length), what);
}

const run = sampleRun(40, 3);

test('equal lists, prefixes, and one edit at the first, a middle and the last event, for several contexts', (t) => {
  const edited = (at: number): TraceEvent[] => run.map((e, i) => (i === at ? { ...e, at: e.at + 1 } : e));
  const cases: [string, TraceEvent[], TraceEvent[]][] = [
    ['equal', run, [...run]],
    ['both empty', [], []],
    ['a empty', [], run],
    ['b empty', run, []],
    ['b a prefix', run, run.slice(0, 100)],
    ['a a prefix', run.slice(0, 100), run],
    ['first', run, edited(0)],
    ['middle', run, edited(300)],
    ['last', run, edited(run.length - 1)],
    ['middle, then shorter', run, edited(300).slice(0, 302)],
  ];
  for (const [what, a, b] of cases) {
    for (const context of [0, 1, 3, 50, run.length + 10, Number.MAX_SAFE_INTEGER]) check(t, a, b, context, `${what}, context ${context}`);
  }
});

test('200 seeded edits: another kind, a changed field, a dropped or an added event', (t) => {
  const rng = new TestRng(11);
  for (let k = 0; k < 200; k++) {
    const b = [...run];
    const at = rng.below(b.length);
    const e = b[at] as TraceEvent;
    const how = rng.below(4);
    if (how === 0) b[at] = { t: 'log', at: e.at, module: 'guest', message: 'in its place' };
    else if (how === 1) b[at] = { ...e, at: e.at + 1 };
    else if (how === 2) b.splice(at, 1);
    else b.splice(at, 0, e);
    check(t, run, b, rng.below(6), `edit ${k}: ${how} at ${at}`);
  }
});
