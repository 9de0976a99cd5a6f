/**
 * Handle values renumbered in the order they were issued, for `diff --renumber-handles`:
 * two hosts may number handles as they like (ABI.md fixes only that they are nonzero
 * u64s), so the traces of one run on two hosts part at the first handle value, however
 * alike the hosts behave. Renumbered, each module's function handles read 1, 2, 3, … in
 * the order it got them, and its request handles likewise, so the traces part where the
 * hosts really differ.
 *
 * A handle is issued by `ffi.create_function` (a function) and `req.launched` or a
 * successful `ffi.launch` (a request); every event that names one names the module it
 * belongs to. A value the module was never issued (0, a guest's probe, another module's
 * handle) is left as it is, and so are values inside bytes, `ffi.rejected` arguments and
 * `draw.handle` (the host's draw, before any module has the handle).
 */
import type { TraceEvent } from '../../sim/events.js';
import type { EventStream } from './diff.js';

type Kind = 'function' | 'request';

interface Numbers {
  /** Value issued → its number. */
  readonly of: Map<bigint, bigint>;
  issued: bigint;
}

class Renumbering {
  /** Per module and kind. */
  private readonly tables = new Map<string, Numbers>();

  private table(caller: string, kind: Kind): Numbers {
    const key = `${kind}\u0000${caller}`;
    let t = this.tables.get(key);
    if (t === undefined) this.tables.set(key, (t = { of: new Map(), issued: 0n }));
    return t;
  }

  /** The number of a handle `caller` has just been issued. A host may reissue a dead value: that is a new handle, with the next number. */
  issue(caller: string, kind: Kind, value: bigint): bigint {
    const t = this.table(caller, kind);
    const n = ++t.issued;
    t.of.set(value, n);
    return n;
  }

  /** A handle `caller` names: its number, or the value itself when `caller` was never issued it. */
  use(caller: string, kind: Kind, value: bigint): bigint {
    return this.table(caller, kind).of.get(value) ?? value;
  }

  event(e: TraceEvent): TraceEvent {
    switch (e.t) {
      case 'ffi.create_function':
        return e.code === 0 ? { ...e, handle: this.issue(e.caller, 'function', e.handle) } : { ...e, handle: this.use(e.caller, 'function', e.handle) };
      case 'ffi.remove_function':
        return { ...e, handle: this.use(e.caller, 'function', e.handle) };
      case 'req.launched':
        return { ...e, request: this.issue(e.caller, 'request', e.request) };
      case 'ffi.launch': {
        const handle = this.use(e.caller, 'function', e.handle);
        if (e.code !== 0) return { ...e, handle, request: this.use(e.caller, 'request', e.request) };
        // Its req.launched came first (the reference host's order); a host that emits none issues it here.
        const known = this.table(e.caller, 'request').of.has(e.request);
        return { ...e, handle, request: known ? this.use(e.caller, 'request', e.request) : this.issue(e.caller, 'request', e.request) };
      }
      case 'ffi.is_ready':
      case 'ffi.retrieve':
      case 'req.completed':
      case 'module.fault':
        return { ...e, request: this.use(e.caller, 'request', e.request) };
      default:
        return e;
    }
  }
}

/** `stream` with its handles renumbered (one numbering per stream). */
export function renumberedHandles(stream: EventStream): EventStream {
  const r = new Renumbering();
  return {
    next() {
      const e = stream.next();
      return e === undefined ? undefined : r.event(e);
    },
  };
}
