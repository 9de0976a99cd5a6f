/**
 * A trace as a timeline: tracks (each module, then each request, then the run itself)
 * and the items on them, positioned in virtual time. The Chrome trace and the HTML page
 * are two renderings of this one model.
 *
 * A trace can hold millions of events, so the timeline is never held whole: the builder
 * here turns events into items one at a time and hands them to a sink. Export runs it
 * twice over the file (timeline-stream.ts): first to learn the tracks and when each
 * request's item is complete, then to write the items.
 */
import type { RequestCompletedEvent, RequestLaunchedEvent, TraceEvent } from '../../sim/events.js';
import { describeOutcome, type RunOutcome } from '../../sim/outcome.js';
import { clip } from './clip.js';
import { TraceContext } from './context.js';
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

/** `[label, value]` pairs: what the details panel and Chrome's args show, in order. */
export type Fields = [string, string][];

/** One thing drawn on a row: an instant (a call, a frame) or a span (a request, a blocking launch). */
export interface TimelineItem {
  /** Position in the order the items were made (a request's: where it was launched). */
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
  /** Requests: still in flight when the trace (or, relaunched, their handle's use) ends. */
  readonly pending?: boolean;
  /** Position among the instants of its track at the same time, so none hides another. */
  readonly slot: number;
  /** Why the item is an error (a code's name, a fault, a failing outcome). */
  readonly error?: string;
  readonly fields: Fields;
}

/** Characters of a log message in an item's name (the details show it whole). */
const LOG_NAME_CHARS = 60;

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
export function eventFields(index: number, e: TraceEvent, extra: Fields = []): Fields {
  const out: Fields = [
    ['event', `#${index} ${e.t}`],
    ['time', `${grouped(e.at)} us`],
  ];
  for (const [k, v] of Object.entries(e)) if (k !== 't' && k !== 'at') out.push([k, fieldText(k, v)]);
  return [...out, ...extra];
}

/** A request's fields as launched; completion and faults add to them. */
export function requestFields(index: number, e: RequestLaunchedEvent): Fields {
  return [
    ['request', e.request.toString()],
    ['function', `${e.module}.${e.fn}`],
    ['caller', e.caller],
    ['blocking', String(e.blocking)],
    ['launched', `${grouped(e.at)} us (event #${index})`],
    ['due', `${grouped(e.due)} us`],
  ];
}

/** What completion adds to a request's fields. */
export function completionFields(index: number, e: RequestCompletedEvent): Fields {
  return [
    ['completed', `${grouped(e.at)} us (event #${index})`],
    ['code', code(e.code)],
    ['output', hexBytes(e.output, 64)],
  ];
}

/**
 * Where the builder's items go. Requests are numbered by launch (0, 1, ...): a request's
 * item is begun by `launched` and changed by `completed` and `faulted`, which always
 * name the latest launch of the request's handle.
 */
export interface TimelineSink {
  /** An item that is complete as made: every instant, and a launch (a span when it blocked). */
  item(index: number, e: TraceEvent, track: number, kind: ItemKind, name: string, end: number, error: string | undefined, extra: Fields): void;
  launched(index: number, e: RequestLaunchedEvent, request: number, track: number): void;
  /** The request, in flight until now, completed. */
  completed(index: number, e: RequestCompletedEvent, request: number): void;
  faulted(index: number, request: number, why: string): void;
}

/** How many module and request tracks the whole trace has: request and run track ids follow the modules. */
export interface TrackCounts {
  readonly modules: number;
  readonly requests: number;
}

/** A map key for a request handle: a number while it is one exactly (cheaper to keep than a bigint). */
function handleKey(h: bigint): number | bigint {
  return h <= 0x1f_ffff_ffff_ffffn ? Number(h) : h;
}

/**
 * The rules that turn events into items, fed every event in order. Track ids are final
 * (modules by first appearance, then requests by launch, then the run) given `counts`;
 * before those are known (the first pass), request and run track ids mean nothing.
 */
export class TimelineBuilder {
  /** Module names in order of appearance: a module's track id is its position here. */
  readonly modules: string[] = [];
  private readonly moduleIds = new Map<string, number>();
  /** Each caller's handles' latest launches (kept after completion, for a late fault): a host may number each module's requests on its own. */
  private readonly launches = new Map<string, Map<number | bigint, number>>();
  /** Each launch's module (the track its completion is shown on). */
  private readonly launchModule: number[] = [];
  /** Launches not yet completed. */
  private readonly inFlight = new Set<number>();
  /** Only functions: requests are kept above, more compactly than `TraceContext` keeps them. */
  private readonly functions = new TraceContext();
  requests = 0;
  hasRun = false;
  /** The latest time seen. */
  end = 0;

  constructor(
    private readonly sink: TimelineSink,
    private readonly counts: TrackCounts = { modules: 0, requests: 0 },
  ) {}

  moduleTrack(name: string): number {
    const known = this.moduleIds.get(name);
    if (known !== undefined) return known;
    const id = this.modules.length;
    this.modules.push(name);
    this.moduleIds.set(name, id);
    return id;
  }

  private run(): number {
    this.hasRun = true;
    return this.counts.modules + this.counts.requests;
  }

  private instant(index: number, e: TraceEvent, track: number, kind: ItemKind, name: string, error?: string, extra: Fields = []): void {
    this.sink.item(index, e, track, kind, name, e.at, error, extra);
  }

  private fn(caller: string, handle: bigint): Fields {
    const name = this.functions.functionName(caller, handle);
    return name === undefined ? [] : [['function', name]];
  }

  add(index: number, e: TraceEvent): void {
    this.end = Math.max(this.end, e.at);
    const err = (c: number): string | undefined => (c === 0 ? undefined : code(c));
    switch (e.t) {
      case 'ffi.create_function':
        this.instant(index, e, this.moduleTrack(e.caller), 'call', `create_function ${e.module}.${e.name}`, err(e.code));
        this.functions.observe(e);
        break;
      case 'ffi.remove_function':
        this.instant(index, e, this.moduleTrack(e.caller), 'call', `remove_function ${e.handle}`, err(e.code), this.fn(e.caller, e.handle));
        break;
      case 'ffi.launch': {
        const fn = this.functions.functionName(e.caller, e.handle) ?? `handle ${e.handle}`;
        const name = `${e.blocking ? 'blocking_launch' : 'launch'} ${fn}${e.code === 0 ? ` → ${e.request}` : ''}`;
        this.end = Math.max(this.end, e.end);
        this.sink.item(index, e, this.moduleTrack(e.caller), 'launch', name, e.end, err(e.code), this.fn(e.caller, e.handle));
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
        const module = this.moduleTrack(e.module);
        const request = this.requests++;
        let mine = this.launches.get(e.caller);
        if (mine === undefined) this.launches.set(e.caller, (mine = new Map()));
        mine.set(handleKey(e.request), request);
        this.launchModule.push(module);
        this.inFlight.add(request);
        this.end = Math.max(this.end, e.due);
        this.sink.launched(index, e, request, this.counts.modules + request);
        break;
      }
      case 'req.completed': {
        const request = this.launchOf(e.caller, e.request);
        if (request === undefined || !this.inFlight.has(request)) {
          this.instant(index, e, this.run(), 'request', `completed ${e.request}`, err(e.code));
          break;
        }
        this.inFlight.delete(request);
        this.sink.completed(index, e, request);
        // The module's own row shows when it finished each piece of work.
        this.instant(index, e, this.launchModule[request] as number, 'completed', `completed request ${e.request}`, err(e.code));
        break;
      }
      case 'module.fault': {
        const request = this.launchOf(e.caller, e.request);
        const why = `${e.kind}: ${oneLine(e.message)}`;
        if (request !== undefined) {
          this.sink.faulted(index, request, why);
          this.instant(index, e, this.counts.modules + request, 'fault', `fault (${e.kind})`, why);
        } else {
          // No request (a launch that failed up front): on the module's row if it exists, since a
          // module that was never found should not get a row of its own.
          this.instant(index, e, this.moduleIds.get(e.module) ?? this.run(), 'fault', `fault (${e.kind}) ${e.module}.${e.fn}`, why);
        }
        break;
      }
      case 'log':
        this.instant(index, e, this.moduleTrack(e.module), 'log', `log: ${clip(oneLine(e.message), LOG_NAME_CHARS)}`);
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
  }

  /** Launches still in flight at the end that are their handle's latest: they run to the end of the trace. */
  unfinished(): number[] {
    return [...this.launches.values()].flatMap((mine) => [...mine.values()]).filter((request) => this.inFlight.has(request));
  }

  private launchOf(caller: string, handle: bigint): number | undefined {
    return this.launches.get(caller)?.get(handleKey(handle));
  }
}
