/**
 * Runs a run's invariants on its events: each checker sees the events of the tags it
 * declared (all of them if it declared none), in the order the invariants were given,
 * and the first violation ends the run.
 */
import type { EventSink, TraceEvent } from '../events.js';
import type { ModuleRunHost } from '../host/api.js';
import { failure } from '../outcome.js';
import type { SimScheduler } from '../scheduler/sim-scheduler.js';
import { finishViolation, observesTag, type Invariant, type InvariantChecker } from './invariant.js';

interface Running {
  readonly invariant: Invariant;
  readonly checker: InvariantChecker;
}

/** Per event tag, the positions (in invariant order) of the invariants that observe it. */
type Routes = Map<string, readonly number[]>;

/**
 * The routes last worked out, and the `observes` lists they were worked out from. Every
 * run of a scenario builds its invariants afresh but with the same `observes` lists, and
 * working the routes out again cost 3% of a short run.
 */
let lastRoutes: { readonly observes: readonly (readonly string[] | undefined)[]; readonly routes: Routes } | undefined;

function routesFor(invariants: readonly Invariant[]): Routes {
  const observes = invariants.map((i) => i.observes as readonly string[] | undefined);
  const last = lastRoutes;
  if (last !== undefined && last.observes.length === observes.length && last.observes.every((o, i) => o === observes[i])) return last.routes;
  const routes: Routes = new Map();
  lastRoutes = { observes, routes };
  return routes;
}

export class InvariantSink implements EventSink {
  private readonly running: readonly Running[];
  private readonly checkers: readonly InvariantChecker[];
  /** Shared with other runs of the same invariants; filled in on first use of each tag. */
  private readonly routes: Routes;

  constructor(
    invariants: readonly Invariant[],
    private readonly scheduler: SimScheduler,
  ) {
    this.running = invariants.map((invariant) => ({ invariant, checker: invariant.create() }));
    this.checkers = this.running.map((r) => r.checker);
    this.routes = routesFor(invariants);
  }

  emit(event: TraceEvent): void {
    if (this.scheduler.abortedWith !== undefined) return;
    const route = this.routes.get(event.t) ?? this.route(event.t);
    const checkers = this.checkers;
    for (let i = 0; i < route.length; i++) {
      const v = (checkers[route[i] as number] as InvariantChecker).observe(event);
      if (v !== undefined) {
        this.scheduler.abort(failure('invariant', v));
        return;
      }
    }
  }

  /** The first end-of-run violation, as a failure message. */
  finish(host: ModuleRunHost): string | undefined {
    for (const { invariant, checker } of this.running) {
      const v = checker.finish?.(host);
      if (v !== undefined) return finishViolation(invariant, v);
    }
    return undefined;
  }

  private route(tag: string): readonly number[] {
    const route: number[] = [];
    this.running.forEach(({ invariant }, i) => {
      if (observesTag(invariant, tag)) route.push(i);
    });
    this.routes.set(tag, route);
    return route;
  }
}
