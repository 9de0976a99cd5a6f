/**
 * The timeline as export built it before it streamed: the whole trace in memory, every
 * item as a draft changed in place, slots counted at the end. Kept as the oracle the
 * streaming timeline (cli/view/timeline-stream.ts) must match item for item. Only the
 * log name's cut differs from that code: it is by code points (cli/view/clip.ts).
 */
import type { TracePrefix } from '../../../recorder/index.js';
import type { TraceEvent } from '../../../sim/events.js';
import { describeOutcome } from '../../../sim/outcome.js';
import { clip } from '../../../cli/view/clip.js';
import { TraceContext } from '../../../cli/view/context.js';
import { footerSummary, headerSummary } from '../../../cli/view/header.js';
import { eventFields, type ItemKind, type TimelineItem, type TimelineTrack, type TrackKind } from '../../../cli/view/timeline.js';
import { code, grouped, hexBytes, oneLine } from '../../../cli/view/values.js';

export interface Timeline {
  readonly title: string;
  readonly summary: readonly (readonly [string, string])[];
  readonly tracks: readonly TimelineTrack[];
  readonly items: readonly TimelineItem[];
  readonly start: number;
  readonly end: number;
  readonly eventCount: number;
}

type Fields = [string, string][];
type Draft = Omit<TimelineItem, 'id' | 'slot' | 'error' | 'due' | 'pending'> & { error?: string; due?: number; pending?: boolean };

// Field formatting is shared with the streaming timeline (eventFields): what this oracle
// checks is which items there are, where, and in what order.

class TimelineBuilder {
  readonly tracks: TimelineTrack[] = [];
  readonly drafts: Draft[] = [];
  private readonly moduleTracks = new Map<string, number>();
  /** Each request's latest launch: its draft's position and its track (kept after completion, for a late fault). */
  /** By caller and value: a host may number each module's requests on its own. */
  private readonly requests = new Map<string, { readonly at: number; readonly track: number }>();
  private readonly ctx = new TraceContext();
  private runTrack: number | undefined;
  end = 0;

  moduleTrack(name: string): number {
    const known = this.moduleTracks.get(name);
    if (known !== undefined) return known;
    const id = this.tracks.length;
    this.tracks.push({ id, kind: 'module', label: name });
    this.moduleTracks.set(name, id);
    return id;
  }

  private run(): number {
    if (this.runTrack === undefined) {
      this.runTrack = this.tracks.length;
      this.tracks.push({ id: this.runTrack, kind: 'run', label: 'run' });
    }
    return this.runTrack;
  }

  private instant(index: number, e: TraceEvent, track: number, kind: ItemKind, name: string, error?: string, extra: Fields = []): void {
    this.drafts.push({ index, track, kind, name, start: e.at, end: e.at, span: false, fields: eventFields(index, e, extra), ...(error === undefined ? {} : { error }) });
  }


  private fn(caller: string, handle: bigint): Fields {
    const name = this.ctx.functionName(caller, handle);
    return name === undefined ? [] : [['function', name]];
  }

  add(index: number, e: TraceEvent): void {
    this.end = Math.max(this.end, e.at);
    const err = (c: number): string | undefined => (c === 0 ? undefined : code(c));
    switch (e.t) {
      case 'ffi.create_function':
        this.instant(index, e, this.moduleTrack(e.caller), 'call', `create_function ${e.module}.${e.name}`, err(e.code));
        break;
      case 'ffi.remove_function':
        this.instant(index, e, this.moduleTrack(e.caller), 'call', `remove_function ${e.handle}`, err(e.code), this.fn(e.caller, e.handle));
        break;
      case 'ffi.launch': {
        const fn = this.ctx.functionName(e.caller, e.handle) ?? `handle ${e.handle}`;
        const name = `${e.blocking ? 'blocking_launch' : 'launch'} ${fn}${e.code === 0 ? ` → ${e.request}` : ''}`;
        const track = this.moduleTrack(e.caller);
        const error = err(e.code);
        const fields = eventFields(index, e, this.fn(e.caller, e.handle));
        this.end = Math.max(this.end, e.end);
        this.drafts.push({ index, track, kind: 'launch', name, start: e.at, end: e.end, span: e.end > e.at, fields, ...(error === undefined ? {} : { error }) });
        break;
      }
      case 'ffi.is_ready':
        this.instant(index, e, this.moduleTrack(e.caller), 'poll', `is_ready ${e.request}: ${e.ready ? 'ready' : 'not ready'}`, err(e.code));
        break;
      case 'ffi.retrieve':
        this.instant(index, e, this.moduleTrack(e.caller), 'retrieve', `retrieve ${e.request}`, err(e.code));
        break;
      case 'ffi.rejected':
        this.instant(index, e, this.moduleTrack(e.caller), 'rejected', `rejected ${e.call}`, `${code(e.code)}: ${oneLine(e.reason)}`);
        break;
      case 'req.launched': {
        this.moduleTrack(e.caller);
        this.moduleTrack(e.module);
        const track = this.tracks.length;
        this.tracks.push({ id: track, kind: 'request', label: `request ${e.request} (${e.module}.${e.fn})` });
        this.requests.set(`${e.caller}\u0000${e.request}`, { at: this.drafts.length, track });
        this.end = Math.max(this.end, e.due);
        this.drafts.push({
          index,
          track,
          kind: 'request',
          name: `request ${e.request}: ${e.module}.${e.fn}`,
          start: e.at,
          end: e.at,
          span: true,
          due: e.due,
          pending: true,
          fields: [
            ['request', e.request.toString()],
            ['function', `${e.module}.${e.fn}`],
            ['caller', e.caller],
            ['blocking', String(e.blocking)],
            ['launched', `${grouped(e.at)} us (event #${index})`],
            ['due', `${grouped(e.due)} us`],
          ],
        });
        break;
      }
      case 'req.completed': {
        const open = this.requests.get(`${e.caller}\u0000${e.request}`);
        const draft = open === undefined ? undefined : this.drafts[open.at];
        if (open === undefined || draft === undefined || draft.pending !== true) {
          this.instant(index, e, this.run(), 'request', `completed ${e.request}`, err(e.code));
          break;
        }
        const error = err(e.code) ?? draft.error;
        this.drafts[open.at] = {
          ...draft,
          end: e.at,
          pending: false,
          fields: [...draft.fields, ['completed', `${grouped(e.at)} us (event #${index})`], ['code', code(e.code)], ['output', hexBytes(e.output, 64)]],
          ...(error === undefined ? {} : { error }),
        };
        // The module's own row shows when it finished each piece of work.
        const module = this.ctx.request(e.request, e.caller)?.module;
        if (module !== undefined) this.instant(index, e, this.moduleTrack(module), 'completed', `completed request ${e.request}`, err(e.code));
        break;
      }
      case 'module.fault': {
        const open = this.requests.get(`${e.caller}\u0000${e.request}`);
        const draft = open === undefined ? undefined : this.drafts[open.at];
        const why = `${e.kind}: ${oneLine(e.message)}`;
        if (open !== undefined && draft !== undefined) {
          this.drafts[open.at] = { ...draft, error: why, fields: [...draft.fields, ['fault', why]] };
          this.instant(index, e, open.track, 'fault', `fault (${e.kind})`, why);
        } else {
          // No request (a launch that failed up front): on the module's row if it exists, since a
          // module that was never found should not get a row of its own.
          this.instant(index, e, this.moduleTracks.get(e.module) ?? this.run(), 'fault', `fault (${e.kind}) ${e.module}.${e.fn}`, why);
        }
        break;
      }
      case 'log':
        this.instant(index, e, this.moduleTrack(e.module), 'log', `log: ${clip(oneLine(e.message), 60)}`);
        break;
      case 'frame':
        this.instant(index, e, this.run(), 'frame', `frame ${e.index}`);
        break;
      case 'sched.decision':
        this.instant(index, e, this.run(), 'decision', `decision: step ${e.step} chose ${e.chosen}`);
        break;
      case 'draw.latency':
      case 'draw.fault':
      case 'draw.handle':
        this.instant(index, e, this.run(), 'draw', `${e.t} ${String(e.value)}`);
        break;
      case 'run.outcome':
        this.instant(index, e, this.run(), 'outcome', `outcome: ${e.outcome.kind}`, e.outcome.kind === 'failure' ? oneLine(describeOutcome(e.outcome)) : undefined);
        break;
    }
    this.ctx.observe(e);
  }

  /** Requests still open run to the end of the trace. */
  closeOpen(): void {
    for (const { at } of this.requests.values()) {
      const d = this.drafts[at];
      if (d?.pending === true) this.drafts[at] = { ...d, end: Math.max(d.start, this.end), fields: [...d.fields, ['completed', 'not by the end of the trace']] };
    }
  }
}

/** Modules first (in order of appearance), then requests (in launch order), then the run track. */
function trackOrder(tracks: readonly TimelineTrack[]): number[] {
  const rank: Record<TrackKind, number> = { module: 0, request: 1, run: 2 };
  return [...tracks].sort((a, b) => rank[a.kind] - rank[b.kind] || a.id - b.id).map((t) => t.id);
}

/** The timeline of a trace's readable part. */
export function referenceTimeline(prefix: TracePrefix): Timeline {
  const b = new TimelineBuilder();
  // The guest's row first, whether or not it calls before a module logs.
  for (const w of prefix.header?.wasm ?? []) if (w.role === 'guest') b.moduleTrack(w.name);
  prefix.events.forEach((e, i) => b.add(i, e));
  b.closeOpen();
  const order = trackOrder(b.tracks);
  const renumber = new Map(order.map((old, i) => [old, i]));
  const tracks = order.map((old, i) => ({ ...(b.tracks[old] as TimelineTrack), id: i }));
  const slots = new Map<string, number>();
  const items = b.drafts.map((d, id): TimelineItem => {
    const track = renumber.get(d.track) ?? 0;
    let slot = 0;
    if (!d.span) {
      const key = `${track}:${d.start}`;
      slot = slots.get(key) ?? 0;
      slots.set(key, slot + 1);
    }
    return { ...d, id, track, slot };
  });
  const header = prefix.header;
  const what = header === undefined ? 'unreadable header' : (header.scenario ?? header.wasm.find((w) => w.role === 'guest')?.name ?? 'run');
  return {
    title: header === undefined ? 'arksim trace' : `${what} · seed ${header.seed} · ${header.strategy}`,
    summary: [...headerSummary(header), ...footerSummary(prefix.footer, prefix.events.length)],
    tracks,
    items,
    start: 0,
    end: Math.max(b.end, 1),
    eventCount: prefix.events.length,
  };
}

/** The Chrome trace of `timeline`, one object stringified whole, as export wrote it before it streamed. */
export function referenceChromeJson(timeline: Timeline): string {
  type Event = Record<string, unknown>;
  const PID = 1;
  const tidOf = (track: number): number => track + 1;
  const args = (item: TimelineItem): Event => {
    const out: Event = Object.fromEntries(item.fields);
    if (item.error !== undefined) out['error'] = item.error;
    return out;
  };
  const base = (item: TimelineItem, name: string): Event => ({ name, pid: PID, tid: tidOf(item.track), cat: item.kind, ...(item.error === undefined ? {} : { cname: 'terrible' }) });
  const itemEvents = (item: TimelineItem): Event[] => {
    if (!item.span) {
      const scope = item.kind === 'outcome' && item.error !== undefined ? 'g' : 't';
      return [{ ...base(item, item.name), ph: 'i', s: scope, ts: item.start, args: args(item) }];
    }
    const whole: Event = { ...base(item, item.name), ph: 'X', ts: item.start, dur: item.end - item.start, args: args(item) };
    if (item.kind !== 'request' || item.due === undefined) return [whole];
    const due = Math.min(Math.max(item.due, item.start), item.end);
    const phases: Event[] = [];
    if (due > item.start) phases.push({ name: 'latency', ph: 'X', pid: PID, tid: tidOf(item.track), cat: 'request.latency', ts: item.start, dur: due - item.start, args: {} });
    if (item.end > due) phases.push({ ...base(item, item.pending === true ? 'running (unfinished)' : 'running'), ph: 'X', cat: 'request.running', ts: due, dur: item.end - due, args: item.error === undefined ? {} : { error: item.error } });
    return [whole, ...phases];
  };
  const meta: Event[] = [
    { name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: `arksim: ${timeline.title}` } },
    { name: 'process_sort_index', ph: 'M', pid: PID, tid: 0, args: { sort_index: 0 } },
  ];
  for (const t of timeline.tracks) {
    meta.push({ name: 'thread_name', ph: 'M', pid: PID, tid: tidOf(t.id), args: { name: t.label } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid: tidOf(t.id), args: { sort_index: t.id } });
  }
  const trace = {
    traceEvents: [...meta, ...timeline.items.flatMap(itemEvents)],
    displayTimeUnit: 'ms',
    otherData: { generator: 'arksim export --format chrome', title: timeline.title, eventsRead: String(timeline.eventCount), ...Object.fromEntries(timeline.summary) },
  };
  return `${JSON.stringify(trace)}\n`;
}
