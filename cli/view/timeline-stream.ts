/**
 * The timeline of a trace file, written as the file is read, in two passes, so that
 * memory follows what is in flight rather than the length of the trace.
 *
 * A request's item is placed where it was launched but is complete only when it
 * completes (or faults, or the trace ends), and every track must be named before the
 * first item. So the first pass (`surveyTimeline`) learns the tracks, the end of the
 * trace and, for each request, the last event that changes its item; the second
 * (`writeTimeline`) makes the items and writes each as soon as it and every item before
 * it are complete. What it keeps: each request's handle and function (for the track
 * names) and the event that completes it, a few numbers a request; the items made since
 * the oldest request still in flight was launched, as text, up to a bound past which
 * they are written ahead of it (the order changes, not the content).
 */
import type { RequestCompletedEvent, RequestLaunchedEvent, TraceEvent } from '../../sim/events.js';
import type { TraceHeader } from '../../recorder/index.js';
import { UsageError } from '../errors.js';
import { footerSummary, headerSummary } from './header.js';
import { completionFields, eventFields, requestFields, TimelineBuilder, type Fields, type ItemKind, type TimelineItem, type TimelineSink, type TimelineTrack } from './timeline.js';
import { streamTrace, type TraceFile, type TraceRead } from './trace-stream.js';
import { code } from './values.js';

/** What a timeline's renderings show besides the items. */
export interface TimelineHead {
  readonly title: string;
  readonly summary: readonly (readonly [string, string])[];
  /** The tracks in order (modules, requests, the run), made as they are asked for. */
  tracks(): Iterable<TimelineTrack>;
  /** Virtual microseconds. */
  readonly start: number;
  readonly end: number;
  readonly eventCount: number;
  /** Why the trace could not be read to its end, if it could not. */
  readonly damage?: string;
}

/** Where the items go, in order: a Chrome trace or an HTML page. */
export interface TimelineWriter {
  /** The item as `write` takes it. Called when the item is complete, which can be before it is its turn. */
  encode(item: TimelineItem): string;
  write(text: string): void;
}

/** A rendering whole: what comes before the items, the items, and what comes after. */
export interface TimelineFormat extends TimelineWriter {
  begin(head: TimelineHead): void;
  end(head: TimelineHead): void;
}

/** What the first pass learned. */
export interface TimelinePlan {
  readonly read: TraceRead;
  readonly modules: readonly string[];
  readonly requests: number;
  readonly hasRun: boolean;
  /** The latest time in the trace (unfinished requests run to it). */
  readonly lastTime: number;
  /** For each block of `blockEvents` events, the earliest time from its first event on (so instants before it can be forgotten). */
  readonly earliestFrom: readonly number[];
  readonly blockEvents: number;
  /** Each request's handle (as a number where exact) and function, for its track's name. */
  readonly handles: readonly (number | bigint)[];
  readonly functionOf: readonly number[];
  readonly functionNames: readonly string[];
  /** Each request's last event that changes its item. */
  readonly lastChange: readonly number[];
  /** Requests unfinished at the end of the trace (their handle's latest launch, never completed). */
  readonly unfinished: ReadonlySet<number>;
}

/** Items held back behind a request still in flight, in UTF-16 code units of text, before they are written out of order. */
export const MAX_HELD_CHARS = 16 * 1024 * 1024;

/** Events per block of `earliestFrom`: a number a block, and instants kept up to a block longer than need be. */
export const BLOCK_EVENTS = 4096;

/** The guest's row first, whether or not it calls before a module logs. */
function seedTracks(builder: TimelineBuilder, header: TraceHeader): void {
  for (const w of header.wasm) if (w.role === 'guest') builder.moduleTrack(w.name);
}

class Survey implements TimelineSink {
  readonly handles: (number | bigint)[] = [];
  readonly functionOf: number[] = [];
  readonly functionNames: string[] = [];
  private readonly functionIds = new Map<string, number>();
  readonly lastChange: number[] = [];

  item(): void {}

  launched(index: number, e: RequestLaunchedEvent): void {
    const fn = `${e.module}.${e.fn}`;
    let id = this.functionIds.get(fn);
    if (id === undefined) {
      id = this.functionNames.push(fn) - 1;
      this.functionIds.set(fn, id);
    }
    this.handles.push(e.request <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(e.request) : e.request);
    this.functionOf.push(id);
    this.lastChange.push(index);
  }

  completed(index: number, _e: RequestCompletedEvent, request: number): void {
    this.lastChange[request] = index;
  }

  faulted(index: number, request: number): void {
    this.lastChange[request] = index;
  }
}

/** The first pass: reads the whole file, keeping what the second needs. */
export function surveyTimeline(file: TraceFile, blockEvents = BLOCK_EVENTS): TimelinePlan {
  const survey = new Survey();
  const builder = new TimelineBuilder(survey);
  const earliest: number[] = [];
  const read = streamTrace(file, {
    header: (h) => seedTracks(builder, h),
    event: (e, i) => {
      builder.add(i, e);
      const block = Math.floor(i / blockEvents);
      earliest[block] = Math.min(earliest[block] ?? Infinity, e.at);
    },
  });
  for (let b = earliest.length - 2; b >= 0; b--) earliest[b] = Math.min(earliest[b] as number, earliest[b + 1] as number);
  return {
    read,
    modules: builder.modules,
    requests: builder.requests,
    hasRun: builder.hasRun,
    lastTime: builder.end,
    earliestFrom: earliest,
    blockEvents,
    handles: survey.handles,
    functionOf: survey.functionOf,
    functionNames: survey.functionNames,
    lastChange: survey.lastChange,
    unfinished: new Set(builder.unfinished()),
  };
}

function* tracksOf(plan: TimelinePlan): Generator<TimelineTrack> {
  const m = plan.modules.length;
  for (let id = 0; id < m; id++) yield { id, kind: 'module', label: plan.modules[id] as string };
  for (let r = 0; r < plan.requests; r++) {
    yield { id: m + r, kind: 'request', label: `request ${plan.handles[r]} (${plan.functionNames[plan.functionOf[r] as number]})` };
  }
  if (plan.hasRun) yield { id: m + plan.requests, kind: 'run', label: 'run' };
}

/** The head of the timeline of the trace `plan` surveyed. */
export function timelineHead(plan: TimelinePlan, damage: string | undefined): TimelineHead {
  const { header, footer } = plan.read;
  const what = header === undefined ? 'unreadable header' : (header.scenario ?? header.wasm.find((w) => w.role === 'guest')?.name ?? 'run');
  return {
    title: header === undefined ? 'arksim trace' : `${what} · seed ${header.seed} · ${header.strategy}`,
    summary: [...headerSummary(header), ...footerSummary(footer, plan.read.eventCount)],
    tracks: () => tracksOf(plan),
    start: 0,
    end: Math.max(plan.lastTime, 1),
    eventCount: plan.read.eventCount,
    ...(damage === undefined ? {} : { damage }),
  };
}

/** A request's item while it is in flight. */
interface OpenRequest {
  readonly id: number;
  readonly index: number;
  readonly track: number;
  readonly name: string;
  readonly start: number;
  end: number;
  readonly due: number;
  pending: boolean;
  error?: string;
  readonly fields: Fields;
  /** Its place in the queue, filled with its text when it is complete. */
  readonly held: Held;
}

interface Held {
  text: string | undefined;
}

class Render implements TimelineSink {
  private nextId = 0;
  private readonly open = new Map<number, OpenRequest>();
  /** Items made but not yet written: each waits for the requests in flight before it. */
  private queue: Held[] = [];
  private head = 0;
  private heldChars = 0;
  /** Instants made so far, by time and track: only from times a later event can still have. */
  private readonly slots = new Map<number, Map<number, number>>();
  private slotBlock = 0;

  constructor(
    private readonly plan: TimelinePlan,
    private readonly writer: TimelineWriter,
    private readonly changed: () => Error,
    private readonly maxHeldChars: number,
  ) {}

  /** Position among the instants already on `track` at `start`, for the instant of event `index`. */
  private slot(index: number, track: number, start: number): number {
    const block = Math.floor(index / this.plan.blockEvents);
    if (block !== this.slotBlock) {
      this.slotBlock = block;
      const earliest = this.plan.earliestFrom[block] ?? Infinity;
      for (const time of this.slots.keys()) if (time < earliest) this.slots.delete(time);
    }
    let atTime = this.slots.get(start);
    if (atTime === undefined) this.slots.set(start, (atTime = new Map()));
    const slot = atTime.get(track) ?? 0;
    atTime.set(track, slot + 1);
    return slot;
  }

  item(index: number, e: TraceEvent, track: number, kind: ItemKind, name: string, end: number, error: string | undefined, extra: Fields): void {
    const span = end > e.at;
    const item: TimelineItem = {
      id: this.nextId++,
      index,
      track,
      kind,
      name,
      start: e.at,
      end,
      span,
      slot: span ? 0 : this.slot(index, track, e.at),
      ...(error === undefined ? {} : { error }),
      fields: eventFields(index, e, extra),
    };
    this.emit(this.writer.encode(item));
  }

  launched(index: number, e: RequestLaunchedEvent, request: number, track: number): void {
    const held: Held = { text: undefined };
    const r: OpenRequest = { id: this.nextId++, index, track, name: `request ${e.request}: ${e.module}.${e.fn}`, start: e.at, end: e.at, due: e.due, pending: true, fields: requestFields(index, e), held };
    if (this.plan.lastChange[request] === index) {
      this.emit(this.writer.encode(this.finish(request, r)));
      return;
    }
    this.open.set(request, r);
    this.queue.push(held);
  }

  private request(request: number): OpenRequest {
    const r = this.open.get(request);
    if (r === undefined) throw this.changed();
    return r;
  }

  completed(index: number, e: RequestCompletedEvent, request: number): void {
    const r = this.request(request);
    const error = (e.code === 0 ? undefined : code(e.code)) ?? r.error;
    r.end = e.at;
    r.pending = false;
    r.fields.push(...completionFields(index, e));
    if (error !== undefined) r.error = error;
    this.changedBy(index, request, r);
  }

  faulted(index: number, request: number, why: string): void {
    const r = this.request(request);
    r.error = why;
    r.fields.push(['fault', why]);
    this.changedBy(index, request, r);
  }

  private changedBy(index: number, request: number, r: OpenRequest): void {
    if (this.plan.lastChange[request] !== index) return;
    this.open.delete(request);
    const text = this.writer.encode(this.finish(request, r));
    r.held.text = text;
    this.heldChars += text.length;
    this.drain();
  }

  /** The request's item as it stays: an unfinished one runs to the end of the trace. */
  private finish(request: number, r: OpenRequest): TimelineItem {
    if (this.plan.unfinished.has(request)) {
      r.end = Math.max(r.start, this.plan.lastTime);
      r.fields.push(['completed', 'not by the end of the trace']);
    }
    const { id, index, track, name, start, end, due, pending, error, fields } = r;
    return { id, index, track, kind: 'request', name, start, end, span: true, due, pending, slot: 0, ...(error === undefined ? {} : { error }), fields };
  }

  private emit(text: string): void {
    if (this.head === this.queue.length) {
      this.writer.write(text);
      return;
    }
    this.queue.push({ text });
    this.heldChars += text.length;
    if (this.heldChars > this.maxHeldChars) this.release();
  }

  /** Writes the complete items at the front of the queue. */
  private drain(): void {
    const q = this.queue;
    while (this.head < q.length) {
      const text = (q[this.head] as Held).text;
      if (text === undefined) break;
      this.writer.write(text);
      this.heldChars -= text.length;
      this.head++;
    }
    if (this.head === q.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  /** Too much held behind a long request: writes every complete item now, ahead of the requests still in flight. */
  private release(): void {
    const waiting: Held[] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const held = this.queue[i] as Held;
      if (held.text === undefined) waiting.push(held);
      else this.writer.write(held.text);
    }
    this.queue = waiting;
    this.head = 0;
    this.heldChars = 0;
  }

  end(): void {
    if (this.open.size > 0) throw this.changed();
    this.drain();
    if (this.queue.length > 0) throw this.changed();
  }
}

/**
 * The second pass: every item of the trace `plan` surveyed, in order, to `writer`.
 * Throws `UsageError` should the file turn out to differ from what the first pass read.
 */
export function writeTimeline(file: TraceFile, plan: TimelinePlan, writer: TimelineWriter, maxHeldChars = MAX_HELD_CHARS): void {
  const changed = (): Error => new UsageError(`${file.path}: the trace changed while it was being exported`);
  const render = new Render(plan, writer, changed, maxHeldChars);
  const builder = new TimelineBuilder(render, { modules: plan.modules.length, requests: plan.requests });
  const read = streamTrace(file, {
    header: (h) => seedTracks(builder, h),
    event: (e, i) => {
      if (i >= plan.read.eventCount) throw changed();
      builder.add(i, e);
    },
  });
  if (read.eventCount !== plan.read.eventCount || builder.modules.length !== plan.modules.length || builder.requests !== plan.requests) throw changed();
  render.end();
}
