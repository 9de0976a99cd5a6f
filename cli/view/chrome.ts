/**
 * The Chrome Trace Event format (the JSON that chrome://tracing and Perfetto open):
 * one process for the run, one thread per track, `ts` in microseconds of virtual time.
 * https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
 *
 * Written in pieces, as the items are made (timeline-stream.ts): a long trace's JSON is
 * hundreds of megabytes, more than one string (or the objects behind it) should hold.
 */
import type { TimelineFormat, TimelineHead } from './timeline-stream.js';
import type { TimelineItem } from './timeline.js';

const PID = 1;

/** The reserved colour names chrome://tracing knows; Perfetto ignores them and shows `args.error`. */
const ERROR_COLOUR = 'terrible';

/** The subset of the Trace Event format written here: complete (`X`), instant (`i`) and metadata (`M`) events. */
export interface ChromeTraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'i' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly s?: 't' | 'p' | 'g';
  readonly cat?: string;
  readonly cname?: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** Thread ids start at 1: some viewers treat tid 0 as "no thread". */
export function tidOf(track: number): number {
  return track + 1;
}

/** The item's fields as an object's JSON (a label given twice keeps its first place and its last value). */
function args(item: TimelineItem): string {
  const out: Record<string, unknown> = Object.fromEntries(item.fields);
  if (item.error !== undefined) out['error'] = item.error;
  return JSON.stringify(out);
}

/**
 * The Chrome events of an item (the item; a request's latency and running phases after
 * it), as JSON text, comma-separated. Written key by key rather than as objects made with
 * spreads and then stringified: those were a third of a long export's time. The keys are
 * in the order the objects had, so the bytes of an export did not change.
 */
export function itemEvents(item: TimelineItem): string {
  const tid = tidOf(item.track);
  const error = item.error;
  const head = (name: string, cat: string): string => `{"name":${JSON.stringify(name)},"pid":${PID},"tid":${tid},"cat":${JSON.stringify(cat)}${error === undefined ? '' : `,"cname":"${ERROR_COLOUR}"`}`;
  if (!item.span) {
    // A failing outcome is marked across every track, so it is found at any zoom.
    const scope = item.kind === 'outcome' && error !== undefined ? 'g' : 't';
    return `${head(item.name, item.kind)},"ph":"i","s":"${scope}","ts":${num(item.start)},"args":${args(item)}}`;
  }
  const whole = `${head(item.name, item.kind)},"ph":"X","ts":${num(item.start)},"dur":${num(item.end - item.start)},"args":${args(item)}}`;
  if (item.kind !== 'request' || item.due === undefined) return whole;
  // A request's two phases nest inside it: waiting out the launch latency, then running.
  const due = Math.min(Math.max(item.due, item.start), item.end);
  let out = whole;
  if (due > item.start) out += `,{"name":"latency","ph":"X","pid":${PID},"tid":${tid},"cat":"request.latency","ts":${num(item.start)},"dur":${num(due - item.start)},"args":{}}`;
  if (item.end > due) {
    const args = error === undefined ? '{}' : JSON.stringify({ error });
    out += `,${head(item.pending === true ? 'running (unfinished)' : 'running', 'request.running')},"ph":"X","ts":${num(due)},"dur":${num(item.end - due)},"args":${args}}`;
  }
  return out;
}

/** A number as `JSON.stringify` writes it. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * The JSON Object Format, `{"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}`:
 * metadata naming the process and every thread, then the items; the run's summary as `otherData`.
 */
export class ChromeTraceWriter implements TimelineFormat {
  constructor(private readonly out: (text: string) => void) {}

  begin(head: TimelineHead): void {
    const meta: ChromeTraceEvent[] = [
      { name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: `arksim: ${head.title}` } },
      { name: 'process_sort_index', ph: 'M', pid: PID, tid: 0, args: { sort_index: 0 } },
    ];
    this.out(`{"traceEvents":[${meta.map((e) => JSON.stringify(e)).join(',')}`);
    for (const t of head.tracks()) {
      const thread: ChromeTraceEvent = { name: 'thread_name', ph: 'M', pid: PID, tid: tidOf(t.id), args: { name: t.label } };
      const sort: ChromeTraceEvent = { name: 'thread_sort_index', ph: 'M', pid: PID, tid: tidOf(t.id), args: { sort_index: t.id } };
      this.out(`,${JSON.stringify(thread)},${JSON.stringify(sort)}`);
    }
  }

  encode(item: TimelineItem): string {
    return itemEvents(item);
  }

  /** Every item follows the metadata, so each is written after a comma. */
  write(text: string): void {
    this.out(`,${text}`);
  }

  end(head: TimelineHead): void {
    const otherData = {
      generator: 'arksim export --format chrome',
      title: head.title,
      eventsRead: String(head.eventCount),
      ...Object.fromEntries(head.summary),
      ...(head.damage === undefined ? {} : { damage: head.damage }),
    };
    this.out(`],"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)}}\n`);
  }
}
