/**
 * latency=fixed:US|uniform:MIN-MAX: "completion latency of launch: a distribution over
 * virtual time, drawn from the seed". What one run shows exactly:
 * - every latency the host draws is one the policy's distribution can give (a host that
 *   passes the draws another distribution draws outside it);
 * - a request the host reports with `req.launched` is due at its launch time plus a
 *   latency it drew (one draw per request);
 * - such a request does not complete (`req.completed`), read ready, hand out its result,
 *   or return from its `blocking_launch` before it is due.
 *
 * Not judged: how long after its due time a request completes (a function may take
 * virtual time of its own, or launch and wait for others), whether the drawn values
 * follow the distribution (a statistic), and the latency of a request the host does not
 * report with `req.launched` (nothing else says when it was due).
 */
import type { RequestLaunchedEvent, TraceEvent } from '../../events.js';
import { ErrorCode } from '../../host/codes.js';
import { formatLatency, type LatencySpec } from '../../host/policies.js';
import { PerCaller } from '../per-caller.js';
import { codeWord, launchOf, type PolicyChecker } from './checker.js';

interface Reported {
  readonly launched: RequestLaunchedEvent;
}

function possible(spec: LatencySpec, us: number): boolean {
  return spec.kind === 'fixed' ? us === spec.us : us >= spec.min && us <= spec.max;
}

export class LatencyChecker implements PolicyChecker {
  readonly policy = 'latency' as const;
  /** Latencies drawn and not yet used by a `req.launched`: value → how many. */
  private readonly drawn = new Map<number, number>();
  /** Requests the host reported, per caller: a host may number each module's requests on its own. */
  private readonly requests = new PerCaller<Reported>();
  private readonly spelled: string;

  constructor(private readonly latency: LatencySpec) {
    this.spelled = `latency=${formatLatency(latency)}`;
  }

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'draw.latency':
        if (!possible(this.latency, e.value)) {
          return `the host drew a latency of ${e.value} us at t=${e.at}, which ${this.spelled} cannot give`;
        }
        this.drawn.set(e.value, (this.drawn.get(e.value) ?? 0) + 1);
        return undefined;
      case 'req.launched': {
        this.requests.set(e.caller, e.request, { launched: e });
        const latency = e.due - e.at;
        const left = this.drawn.get(latency) ?? 0;
        if (left === 0) return `${launchOf(e)} is due at t=${e.due} (after ${latency} us), a latency no draw gave under ${this.spelled}`;
        if (left === 1) this.drawn.delete(latency);
        else this.drawn.set(latency, left - 1);
        return undefined;
      }
      case 'req.completed': {
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined || e.at >= r.launched.due) return undefined;
        return `the request of ${launchOf(r.launched)} completed at t=${e.at}, before its due time t=${r.launched.due}, under ${this.spelled}`;
      }
      case 'ffi.is_ready': {
        if (e.code !== ErrorCode.Success || !e.ready) return undefined;
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined || e.at >= r.launched.due) return undefined;
        return `is_ready said ready at t=${e.at} for the request of ${launchOf(r.launched)}, before its due time t=${r.launched.due}, under ${this.spelled}`;
      }
      case 'ffi.retrieve': {
        if (e.code !== ErrorCode.Success && e.code !== ErrorCode.NotFound && e.code !== ErrorCode.InternalError) return undefined;
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined || e.at >= r.launched.due) return undefined;
        return `retrieve returned ${codeWord(e.code)} at t=${e.at} for the request of ${launchOf(r.launched)}, before its due time t=${r.launched.due}, under ${this.spelled}`;
      }
      case 'ffi.launch': {
        if (!e.blocking || e.code !== ErrorCode.Success) return undefined;
        const r = this.requests.get(e.caller, e.request);
        if (r === undefined || e.end >= r.launched.due) return undefined;
        return `${launchOf(r.launched)} returned at t=${e.end}, before its request's due time t=${r.launched.due}, under ${this.spelled}`;
      }
      default:
        return undefined;
    }
  }
}
