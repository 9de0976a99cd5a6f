/**
 * How a launched function waits on a request it launched itself: it polls is_ready on
 * the virtual scheduler and emits the size once ready, so the outer request stays in
 * flight (as a stream) until the inner one is done.
 */
import { filter, map, take, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { GuestFfi } from '../../sim/guest/ffi.js';
import { ErrorCode } from '../../sim/host/codes.js';
import { expectCode } from '../checks.js';

/** Polls every `everyUs` virtual microseconds (the first poll at once, asynchronously). */
export function whenReady(
  ffi: GuestFfi,
  scheduler: SchedulerLike,
  request: bigint,
  what: string,
  everyUs = 1000,
): Observable<number> {
  return timer(0, everyUs, scheduler).pipe(
    map(() => {
      const s = ffi.isReady(request);
      const problem = expectCode(`is_ready(${what})`, s.code, ErrorCode.Success);
      if (problem !== undefined) throw new Error(problem);
      return s;
    }),
    filter((s) => s.isReady),
    take(1),
    map((s) => s.size),
  );
}
