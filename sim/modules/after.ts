/**
 * `after(scheduler, delayUs, produce)`: the commonest shape of a simulated module
 * function, "take this much virtual time, then return this". It behaves exactly as
 * `timer(delayUs, scheduler).pipe(map(() => produce()))`: one scheduler action at the
 * same delay (so the same scheduling decisions and traces), `produce`'s value then
 * completion, a throw from `produce` as the stream's error, and unsubscribing before
 * the delay cancels the action. It only skips the `timer` and `map` subscriber layers,
 * which cost ~10% of a fan-out run when every launch pays for them.
 */
import { Observable, type SchedulerLike } from 'rxjs';

/** What `after` returns: an Observable that also says what it will do, for the host's direct path. */
export class AfterObservable<T> extends Observable<T> {
  constructor(
    readonly scheduler: SchedulerLike,
    /** Virtual microseconds, at least 0. */
    readonly due: number,
    readonly produce: () => T,
  ) {
    super((subscriber) =>
      scheduler.schedule(() => {
        let value: T;
        try {
          value = produce();
        } catch (e) {
          subscriber.error(e);
          return;
        }
        subscriber.next(value);
        subscriber.complete();
      }, due),
    );
  }
}

export function after<T>(scheduler: SchedulerLike, delayUs: number, produce: () => T): Observable<T> {
  // timer() treats a negative delay as 0.
  return new AfterObservable(scheduler, delayUs < 0 ? 0 : delayUs, produce);
}
