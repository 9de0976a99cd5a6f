/**
 * The Chrome Trace Event format (the JSON that chrome://tracing and Perfetto open):
 * one process for the run, one thread per track, `ts` in microseconds of virtual time.
 * https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
 */
import type { Timeline, TimelineItem } from './timeline.js';

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

/** The JSON Object Format: events, the unit viewers show durations in, and the run's summary as `otherData`. */
export interface ChromeTrace {
  readonly traceEvents: readonly ChromeTraceEvent[];
  readonly displayTimeUnit: 'ms';
  readonly otherData: Readonly<Record<string, string>>;
}

/** Thread ids start at 1: some viewers treat tid 0 as "no thread". */
export function tidOf(track: number): number {
  return track + 1;
}

function args(item: TimelineItem): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(item.fields);
  if (item.error !== undefined) out['error'] = item.error;
  return out;
}

function base(item: TimelineItem, name: string): Pick<ChromeTraceEvent, 'name' | 'pid' | 'tid' | 'cat'> & { cname?: string } {
  return { name, pid: PID, tid: tidOf(item.track), cat: item.kind, ...(item.error === undefined ? {} : { cname: ERROR_COLOUR }) };
}

function itemEvents(item: TimelineItem): ChromeTraceEvent[] {
  if (!item.span) {
    // A failing outcome is marked across every track, so it is found at any zoom.
    const scope = item.kind === 'outcome' && item.error !== undefined ? 'g' : 't';
    return [{ ...base(item, item.name), ph: 'i', s: scope, ts: item.start, args: args(item) }];
  }
  const whole: ChromeTraceEvent = { ...base(item, item.name), ph: 'X', ts: item.start, dur: item.end - item.start, args: args(item) };
  if (item.kind !== 'request' || item.due === undefined) return [whole];
  // A request's two phases nest inside it: waiting out the launch latency, then running.
  const due = Math.min(Math.max(item.due, item.start), item.end);
  const phases: ChromeTraceEvent[] = [];
  if (due > item.start) phases.push({ name: 'latency', ph: 'X', pid: PID, tid: tidOf(item.track), cat: 'request.latency', ts: item.start, dur: due - item.start, args: {} });
  if (item.end > due) phases.push({ ...base(item, item.pending === true ? 'running (unfinished)' : 'running'), ph: 'X', cat: 'request.running', ts: due, dur: item.end - due, args: item.error === undefined ? {} : { error: item.error } });
  return [whole, ...phases];
}

/** The timeline as a Chrome trace: metadata naming the process and every thread, then the items. */
export function chromeTrace(timeline: Timeline): ChromeTrace {
  const meta: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: `arksim: ${timeline.title}` } },
    { name: 'process_sort_index', ph: 'M', pid: PID, tid: 0, args: { sort_index: 0 } },
  ];
  for (const t of timeline.tracks) {
    meta.push({ name: 'thread_name', ph: 'M', pid: PID, tid: tidOf(t.id), args: { name: t.label } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid: tidOf(t.id), args: { sort_index: t.id } });
  }
  return {
    traceEvents: [...meta, ...timeline.items.flatMap(itemEvents)],
    displayTimeUnit: 'ms',
    otherData: {
      generator: 'arksim export --format chrome',
      title: timeline.title,
      eventsRead: String(timeline.eventCount),
      ...Object.fromEntries(timeline.summary),
      ...(timeline.damage === undefined ? {} : { damage: timeline.damage }),
    },
  };
}
