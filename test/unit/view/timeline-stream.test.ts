/**
 * The streaming timeline (cli/view/timeline-stream.ts) against the whole-trace one it
 * replaced (reference-timeline.ts): for random traces, the same tracks and the same items
 * (requests relaunched, completed twice, faulted late or never finished; instants at one
 * time on one track; times that go back), in the same order unless too much was held
 * behind a request in flight, and then only in another order; and the same Chrome trace,
 * byte for byte.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { memoryTarget, readTracePrefix, TraceWriter } from '../../../recorder/index.js';
import type { TraceEvent, TraceEventTag } from '../../../sim/events.js';
import { ChromeTraceWriter } from '../../../cli/view/chrome.js';
import { surveyTimeline, timelineHead, writeTimeline } from '../../../cli/view/timeline-stream.js';
import type { TimelineItem } from '../../../cli/view/timeline.js';
import { closeTrace, openTrace } from '../../../cli/view/trace-stream.js';
import { EVENT_FIELDS } from '../../../recorder/schema.js';
import { eventOf } from '../recorder/arbitraries.js';
import { sampleHeader } from '../recorder/fixtures.js';
import { referenceChromeJson, referenceTimeline } from './reference-timeline.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('timeline-stream');

/** Few handles, modules and times, so that events meet: a handle relaunched, instants at one time. */
const overrides = fc.record({
  at: fc.integer({ min: 0, max: 30 }),
  end: fc.integer({ min: 0, max: 40 }),
  due: fc.integer({ min: 0, max: 40 }),
  request: fc.bigInt({ min: 1n, max: 6n }),
  handle: fc.bigInt({ min: 1n, max: 3n }),
  caller: fc.constantFrom('guest', 'worker'),
  module: fc.constantFrom('guest', 'worker', 'other', 'ghost'),
  code: fc.constantFrom(0, 0, 0, 4, 6),
  message: fc.constantFrom('done', `${'a'.repeat(59)}😀 and more`, '</script><!--&\u2028'),
});

const event: fc.Arbitrary<TraceEvent> = fc.oneof(
  ...(Object.keys(EVENT_FIELDS) as TraceEventTag[]).map((tag) =>
    fc.tuple(eventOf(tag), overrides).map(([e, o]) => {
      const out: Record<string, unknown> = { ...e };
      for (const [k, v] of Object.entries(o)) if (k in out) out[k] = v;
      return out as unknown as TraceEvent;
    }),
  ),
  // Requests' lives, more often than the even mix above gives them.
  ...(['req.launched', 'req.completed', 'module.fault'] as const).map((tag) =>
    fc.tuple(eventOf(tag), overrides).map(([e, o]) => ({ ...e, at: o.at, request: o.request, ...('module' in e ? { module: o.module } : {}) }) as TraceEvent),
  ),
);

let files = 0;
function traceFile(events: readonly TraceEvent[], flushEvery: number, finish: boolean): { path: string; bytes: Uint8Array } {
  const writer = new TraceWriter(sampleHeader(), memoryTarget(), { flushEvery });
  for (const e of events) writer.emit(e);
  const bytes = finish ? writer.finish({ kind: 'pass' }) : writer.finish({ kind: 'pass' }).subarray(0, -12);
  const path = join(dir, `t${files++}.trace`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

interface Streamed {
  readonly items: TimelineItem[];
  readonly order: number[];
}

function stream(path: string, blockEvents: number, maxHeldChars: number): Streamed & { head: ReturnType<typeof timelineHead> } {
  const file = openTrace(path);
  try {
    const plan = surveyTimeline(file, blockEvents);
    const head = timelineHead(plan, undefined);
    const items: TimelineItem[] = [];
    const order: number[] = [];
    writeTimeline(file, plan, { encode: (item) => (items.push(item), String(item.id)), write: (id) => order.push(Number(id)) }, maxHeldChars);
    return { items, order, head };
  } finally {
    closeTrace(file);
  }
}

test('random traces: the same tracks and items as the whole-trace timeline, in its order', (t) => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 80 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), (events, block, flush, finish) => {
      const { path, bytes } = traceFile(events, flush, finish);
      const reference = referenceTimeline(readTracePrefix(bytes));
      const got = stream(path, block, 1 << 30);
      rmSync(path);
      t.deepEqual([...got.head.tracks()], reference.tracks);
      t.is(got.head.end, reference.end);
      t.is(got.head.title, reference.title);
      t.deepEqual(got.head.summary, reference.summary);
      t.deepEqual([...got.items].sort((a, b) => a.id - b.id), reference.items);
      t.deepEqual(got.order, reference.items.map((i) => i.id), 'written in the order they were made');
    }),
    { numRuns: 300 },
  );
});

test('random traces: the Chrome trace is byte for byte the one the whole-trace export wrote', (t) => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 80 }), fc.integer({ min: 1, max: 20 }), (events, flush) => {
      const { path, bytes } = traceFile(events, flush, true);
      const file = openTrace(path);
      let text = '';
      try {
        const plan = surveyTimeline(file, 5);
        const head = timelineHead(plan, undefined);
        const chrome = new ChromeTraceWriter((s) => (text += s));
        chrome.begin(head);
        writeTimeline(file, plan, chrome);
        chrome.end(head);
      } finally {
        closeTrace(file);
        rmSync(path);
      }
      t.is(text, referenceChromeJson(referenceTimeline(readTracePrefix(bytes))));
    }),
    { numRuns: 200 },
  );
});

test('held back past the bound: every item all the same, only written sooner', (t) => {
  fc.assert(
    fc.property(fc.array(event, { minLength: 10, maxLength: 80 }), (events) => {
      const { path, bytes } = traceFile(events, 7, true);
      const reference = referenceTimeline(readTracePrefix(bytes));
      const got = stream(path, 4096, 1);
      rmSync(path);
      t.deepEqual([...got.items].sort((a, b) => a.id - b.id), reference.items);
      t.deepEqual([...got.order].sort((a, b) => a - b), reference.items.map((i) => i.id), 'each item written once');
    }),
    { numRuns: 100 },
  );
});

test('a request in flight from the start holds the items after it, then they follow it in order', (t) => {
  const events: TraceEvent[] = [{ t: 'req.launched', at: 0, request: 2n, caller: 'guest', module: 'worker', fn: 'long', blocking: false, due: 5 }];
  for (let i = 0; i < 200; i++) events.push({ t: 'frame', at: i, index: i });
  events.push({ t: 'req.completed', at: 300, request: 2n, caller: 'guest', code: 0, output: new Uint8Array([1]) });
  const { path } = traceFile(events, 16, true);
  const inOrder = stream(path, 64, 1 << 30);
  t.deepEqual(inOrder.order, [...Array(202).keys()]);
  t.like(inOrder.items.find((i) => i.id === 0), { kind: 'request', start: 0, end: 300, pending: false });
  // With room for only a few items behind it, most frames go out first and the request when it completes.
  const early = stream(path, 64, 50); // the test writer's text is an id: two or three characters an item
  t.true(early.order.indexOf(0) > 150, `request written ${early.order.indexOf(0)}th`);
  t.deepEqual(early.order.filter((id) => id !== 0), [...Array(202).keys()].slice(1), 'the rest in order');
});

test('instants at a time seen again after the time went back get the next slot, however far apart', (t) => {
  const events: TraceEvent[] = [{ t: 'frame', at: 5, index: 0 }];
  for (let i = 1; i <= 100; i++) events.push({ t: 'frame', at: 10, index: i });
  events.push({ t: 'frame', at: 5, index: 101 });
  events.push({ t: 'frame', at: 10, index: 102 });
  const { path } = traceFile(events, 16, true);
  const { items } = stream(path, 8, 1 << 30);
  t.deepEqual(
    items.filter((i) => i.start === 5).map((i) => i.slot),
    [0, 1],
  );
  t.is(items.at(-1)?.slot, 100);
});
