/** Which events `inspect` shows: by module, by request handle, by kind. */
import { TRACE_EVENT_TAGS, type TraceEvent } from '../../sim/events.js';
import type { TraceContext } from './context.js';

/** What `inspect` was asked to show; absent fields do not filter. */
export interface EventFilterSpec {
  readonly module?: string;
  readonly request?: bigint;
  /** Namespaces (`ffi`, `req`), tags (`ffi.launch`) or `ffi.blocking_launch`. */
  readonly kinds?: readonly string[];
}

const NAMESPACES = [...new Set(TRACE_EVENT_TAGS.map((t) => t.split('.')[0] as string))];
/** Every word `--kinds` accepts. */
export const KIND_WORDS: readonly string[] = [...NAMESPACES, ...TRACE_EVENT_TAGS, 'ffi.blocking_launch'];

/** The `--kinds` list, checked. Throws `RangeError` naming the words it accepts. */
export function parseKinds(text: string): string[] {
  const words = text.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 0) throw new RangeError('--kinds needs at least one kind');
  for (const w of words) {
    if (!KIND_WORDS.includes(w)) throw new RangeError(`unknown event kind "${w}"; use any of: ${KIND_WORDS.join(', ')}`);
  }
  return words;
}

function kindMatches(e: TraceEvent, word: string): boolean {
  if (word === 'ffi.blocking_launch') return e.t === 'ffi.launch' && e.blocking;
  return e.t === word || e.t.split('.')[0] === word;
}

/** The request handles an event is about: returned by a launch, polled, retrieved, completed or faulted. */
export function requestOfEvent(e: TraceEvent): bigint | undefined {
  switch (e.t) {
    case 'ffi.launch':
      return e.code === 0 ? e.request : undefined;
    case 'ffi.is_ready':
    case 'ffi.retrieve':
    case 'req.launched':
    case 'req.completed':
      return e.request;
    case 'module.fault':
      return e.request === 0n ? undefined : e.request;
    default:
      return undefined;
  }
}

/** Modules an event involves: the caller, and the module it names or runs in. */
export function modulesOfEvent(e: TraceEvent, ctx: TraceContext): string[] {
  switch (e.t) {
    case 'ffi.create_function':
      return [e.caller, e.module];
    case 'ffi.remove_function':
    case 'ffi.launch':
    case 'ffi.is_ready':
    case 'ffi.retrieve':
    case 'ffi.rejected':
      return [e.caller];
    case 'req.launched':
      return [e.caller, e.module];
    case 'req.completed': {
      const r = ctx.request(e.request, e.caller);
      return r === undefined ? [e.caller] : [e.caller, r.module];
    }
    case 'module.fault':
    case 'log':
      return [e.module];
    default:
      return [];
  }
}

/**
 * A predicate over events in trace order. Gotchas: it observes nothing itself; call it
 * with a context that has seen the events before `e` (as `eventRows` keeps it).
 */
export function eventFilter(spec: EventFilterSpec): (e: TraceEvent, ctx: TraceContext) => boolean {
  return (e, ctx) => {
    if (spec.kinds !== undefined && !spec.kinds.some((k) => kindMatches(e, k))) return false;
    if (spec.request !== undefined && requestOfEvent(e) !== spec.request) return false;
    if (spec.module !== undefined && !modulesOfEvent(e, ctx).includes(spec.module)) return false;
    return true;
  };
}
