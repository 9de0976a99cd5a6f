/**
 * handles=sequential|random: the values the host issues as function handles and
 * requests (ABI.md part 2, "sequential from 1, or seeded-random nonzero values").
 *
 * sequential, as the reference host numbers: one counter from 1 for function handles
 * and requests of every module, each issue taking the next number. A host that numbers
 * the kinds or the modules apart is legal (the catalogue accepts it), but it does not
 * play this policy. A handle is seen issued at `ffi.create_function`, at `req.launched`
 * for a request the host reports, or else at the `ffi.launch` that hands it out; that is
 * when it was issued, except for an unreported request of a `blocking_launch`, which was
 * issued at some point of a call whose nested calls issue numbers too. So:
 * - a handle seen when issued is above every number issued before it;
 * - a number skipped must be filled by an unreported blocking request, or be one a
 *   failed launch took without handing it out (the reference host takes a blocking
 *   launch's request before its function fails; an unreported failure is not seen):
 *   at the end of the run, no more numbers are left skipped than launches failed with
 *   NotFound or InternalError.
 *
 * random: every handle issued is a value a handle draw gave (one issue per draw).
 * Whether the values look random is a statistic, and is not judged.
 */
import type { TraceEvent } from '../../events.js';
import { ErrorCode } from '../../host/codes.js';
import type { HandleNumbering } from '../../host/policies.js';
import { HandleMap } from '../../handle-map.js';
import { PerCaller } from '../per-caller.js';
import { launchCall, type PolicyChecker } from './checker.js';
import { NumberGaps } from './number-gaps.js';

export class HandleNumberingChecker implements PolicyChecker {
  readonly policy = 'handles' as const;
  /** Requests reported with `req.launched` whose launch has not returned: already seen issued. */
  private readonly reported = new PerCaller<true>();
  /** sequential: the highest number issued, the numbers skipped below it, the launches that failed. */
  private highest = 0n;
  private readonly skipped = new NumberGaps();
  private failedLaunches = 0;
  /** random: values drawn and not yet issued → how many times. */
  private readonly drawn = new HandleMap<number>();

  constructor(private readonly handles: HandleNumbering) {}

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'draw.handle':
        this.drawn.set(e.value, (this.drawn.get(e.value) ?? 0) + 1);
        return undefined;
      case 'ffi.create_function':
        return e.code === ErrorCode.Success ? this.issued(`create_function issued handle ${e.handle} at t=${e.at}`, e.handle, true) : undefined;
      case 'req.launched':
        this.reported.set(e.caller, e.request, true);
        return this.issued(`${launchCall(e.blocking)} issued handle ${e.request} at t=${e.at}`, e.request, true);
      case 'ffi.launch':
        if (e.code === ErrorCode.NotFound || e.code === ErrorCode.InternalError) this.failedLaunches++;
        if (e.code !== ErrorCode.Success) return undefined;
        if (this.reported.has(e.caller, e.request)) {
          this.reported.delete(e.caller, e.request);
          return undefined;
        }
        // An async launch runs nothing before it returns: its request is issued at the call.
        return this.issued(`${launchCall(e.blocking)} issued handle ${e.request} at t=${e.at}`, e.request, !e.blocking);
      default:
        return undefined;
    }
  }

  finish(): string | undefined {
    if (this.handles !== 'sequential') return undefined;
    const left = this.skipped.count();
    const first = this.skipped.first();
    if (first === undefined || left <= BigInt(this.failedLaunches)) return undefined;
    return (
      `${first.by} under handles=sequential, skipping ${first.n}: ${left} number(s) were never issued, ` +
      `more than the ${this.failedLaunches} failed launch(es) that could have taken one (one counter from 1 for every handle)`
    );
  }

  /** `what` issued `h`; `seenWhenIssued`: the event is when it was issued. */
  private issued(what: string, h: bigint, seenWhenIssued: boolean): string | undefined {
    if (this.handles === 'random') {
      const n = this.drawn.get(h) ?? 0;
      if (n === 0) return `${what} under handles=random, a value no handle draw gave`;
      if (n === 1) this.drawn.delete(h);
      else this.drawn.set(h, n - 1);
      return undefined;
    }
    if (!seenWhenIssued && this.skipped.take(h)) return undefined;
    if (h <= this.highest) {
      return `${what} under handles=sequential, after handle ${this.highest} (one counter from 1 for every handle, in the order issued)`;
    }
    if (h > this.highest + 1n) this.skipped.add(this.highest + 1n, h - 1n, what);
    this.highest = h;
    return undefined;
  }
}
