/**
 * A trace as a timeline: tracks (each module, then each request, then the run itself)
 * and the items on them, positioned in virtual time. The Chrome trace and the HTML page
 * are two renderings of this one model.
 */
import type { TracePrefix } from '../../recorder/index.js';
import type { TraceEvent } from '../../sim/events.js';
import { describeOutcome, type RunOutcome } from '../../sim/outcome.js';
import { TraceContext } from './context.js';
import { footerSummary, headerSummary } from './header.js';
import { code, grouped, hexBytes, oneLine } from './values.js';

/** A row of the timeline: a module (its calls), a request (its life), or the run (frames, draws, decisions, outcome). */
export type TrackKind = 'module' | 'request' | 'run';

/** A row, named as the viewers show it. */
export interface TimelineTrack {
  readonly id: number;
  readonly kind: TrackKind;
  readonly label: string;
}

/** What an item is, for colour (HTML) and `cat` (Chrome). */
export type ItemKind = 'call' | 'launch' | 'poll' | 'retrieve' | 'rejected' | 'request' | 'completed' | 'fault' | 'log' | 'frame' | 'decision' | 'draw' | 'outcome';

/** One thing drawn on a row: an instant (a call, a frame) or a span (a request, a blocking launch). */
export interface TimelineItem {
  readonly id: number;
  /** Index of the event the item stands for (a request: its `req.launched`). */
  readonly index: number;
  readonly track: number;
  readonly kind: ItemKind;
  readonly name: string;
  /** Virtual microseconds. An instant has `end === start`. */
  readonly start: number;
  readonly end: number;
  readonly span: boolean;
  /** Requests: when the function was due to start (the end of the launch latency). */
  readonly due?: number;
  /** Requests: still in flight when the trace ends. */
  readonly pending?: boolean;
  /** Position among the instants of its track at the same time, so none hides another. */
  readonly slot: number;
  /** Why the item is an error (a code's name, a fault, a failing outcome). */
  readonly error?: string;
  /** What the details panel and Chrome's args show, in order. */
  readonly fields: readonly (readonly [string, string])[];
}

/** Everything either renderer needs; plain data (no bigints), so it can be embedded as JSON. */
export interface Timeline {
  readonly title: string;
  readonly summary: readonly (readonly [string, string])[];
  readonly tracks: readonly TimelineTrack[];
  readonly items: readonly TimelineItem[];
  readonly start: number;
  readonly end: number;
  readonly eventCount: number;
  readonly outcome?: RunOutcome;
  /** Why the trace could not be read to its end, if it could not. */
  readonly damage?: string;
}

type Fields = [string, string][];
type Draft = Omit<TimelineItem, 'id' | 'slot' | 'error' | 'due' | 'pending'> & { error?: string; due?: number; pending?: boolean };

function fieldText(key: string, value: unknown): string {
  if (key === 'code' && typeof value === 'number') return code(value);
  if (value instanceof Uint8Array) return hexBytes(value, 64);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  if (key === 'outcome') return oneLine(describeOutcome(value as RunOutcome));
  if (typeof value === 'string') return oneLine(value);
  return String(value);
}

/** The event's own fields, readable; `extra` (such as the function a handle names) after them. */
function eventFields(index: number, e: TraceEvent, extra: Fields = []): Fields {
  const out: Fields = [
    ['event', `#${index} ${e.t}`],
    ['time', `${grouped(e.at)} us`],
  ];
  for (const [k, v] of Object.entries(e)) if (k !== 't' && k !== 'at') out.push([k, fieldText(k, v)]);
  return [...out, ...extra];
}

class TimelineBuilder {
  readonly tracks: TimelineTrack[] = [];
  readonly drafts: Draft[] = [];
  private readonly moduleTracks = new Map<string, number>();
  /** Each request's latest launch: its draft's position and its track (kept after completion, for a late fault). */
  private readonly requests = new Map<bigint, { readonly at: number; readonly track: number }>();
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
        this.requests.set(e.request, { at: this.drafts.length, track });
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
        const open = this.requests.get(e.request);
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
        const module = this.ctx.request(e.request)?.module;
        if (module !== undefined) this.instant(index, e, this.moduleTrack(module), 'completed', `completed request ${e.request}`, err(e.code));
        break;
      }
      case 'module.fault': {
        const open = this.requests.get(e.request);
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
        this.instant(index, e, this.moduleTrack(e.module), 'log', `log: ${oneLine(e.message).slice(0, 60)}`);
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

/** The timeline of a trace, or of the readable part of a damaged one. */
export function buildTimeline(prefix: TracePrefix, damage?: string): Timeline {
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
  const outcome = prefix.footer?.outcome;
  return {
    title: header === undefined ? 'arksim trace' : `${what} · seed ${header.seed} · ${header.strategy}`,
    summary: [...headerSummary(header), ...footerSummary(prefix.footer, prefix.events.length)],
    tracks,
    items,
    start: 0,
    end: Math.max(b.end, 1),
    eventCount: prefix.events.length,
    ...(outcome === undefined ? {} : { outcome }),
    ...(damage === undefined ? {} : { damage }),
  };
}
