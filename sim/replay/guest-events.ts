import type { FfiEvent, TraceEvent } from '../events.js';

/** The events that are the guest's own side of a run: its FFI calls and the frames. */
export function isGuestEvent(e: TraceEvent, guest: string): boolean {
  return e.t === 'frame' || (e.t.startsWith('ffi.') && (e as FfiEvent).caller === guest);
}

/** The guest's FFI calls the host answered (binding-level rejections never reach a host). */
export function guestHostCalls(events: readonly TraceEvent[], guest: string): FfiEvent[] {
  return events.filter((e): e is FfiEvent => e.t.startsWith('ffi.') && e.t !== 'ffi.rejected' && (e as FfiEvent).caller === guest);
}

/** The guest's name in a recorded run: the caller of the first FFI call made in a frame. */
export function guestName(events: readonly TraceEvent[]): string | undefined {
  let inFrame = false;
  for (const e of events) {
    if (e.t === 'frame') inFrame = true;
    else if (inFrame && e.t.startsWith('ffi.')) return (e as FfiEvent).caller;
  }
  return undefined;
}
