/**
 * Every successful launch runs the function its handle names: NamedModule the module
 * given to create_function, OwnModule the module that called create_function (whatever
 * module name it passed). Checked against the host's `req.launched` events.
 */
import type { TraceEvent } from '../../sim/events.js';
import { ErrorCode, FunctionSource } from '../../sim/host/codes.js';
import type { Invariant, InvariantChecker } from '../../sim/invariants/invariant.js';
import { PerCaller } from '../../sim/invariants/per-caller.js';

const NAME = 'launch-resolves-target';

interface Target {
  readonly module: string;
  readonly fn: string;
}

const sameTarget = (a: Target, b: Target): boolean => a.module === b.module && a.fn === b.fn;
const targetName = (t: Target): string => `${t.module}::${t.fn}`;

class Checker implements InvariantChecker {
  private readonly targets = new PerCaller<Target>();
  /**
   * The `req.launched` event of each request, per caller (two modules' requests may have
   * the same value): what the host says it ran.
   */
  private readonly launched = new PerCaller<Target>();

  observe(e: TraceEvent): string | undefined {
    switch (e.t) {
      case 'ffi.create_function':
        if (e.code === ErrorCode.Success) {
          const module = e.fnType === FunctionSource.OwnModule ? e.caller : e.module;
          this.targets.set(e.caller, e.handle, { module, fn: e.name });
        }
        return undefined;
      case 'req.launched':
        this.launched.set(e.caller, e.request, e);
        return undefined;
      case 'ffi.launch': {
        if (e.code !== ErrorCode.Success) return undefined;
        const want = this.targets.get(e.caller, e.handle);
        const ran = this.launched.get(e.caller, e.request);
        if (want === undefined || ran === undefined || sameTarget(want, ran)) return undefined;
        return `${NAME}: a launch by ${e.caller} ran ${targetName(ran)}, but its function handle names ${targetName(want)}`;
      }
      default:
        return undefined;
    }
  }
}

export const launchResolvesTarget: Invariant = {
  name: NAME,
  description: 'each launch runs the module and function its handle names (OwnModule: the caller)',
  observes: ['ffi.create_function', 'req.launched', 'ffi.launch'],
  create: () => new Checker(),
};
