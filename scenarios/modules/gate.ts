/**
 * `gate`: `waitOpen([k, ...])` finishes only after `open([k])` has run, for each key k.
 * Built per run (its state is the run's), so a blocking launch of `waitOpen` can prove
 * that another request completed while it blocked, whatever the latencies.
 */
import { filter, map, take, timer } from 'rxjs';
import { defineModule } from '../../sim/modules/js-module.js';
import type { ModuleSpec } from '../../sim/modules/module.js';
import { utf8 } from '../util.js';

/** Microseconds between `waitOpen`'s looks at the gate; so it takes at least this long. */
export const GATE_POLL_US = 500;

export function createGate(): ModuleSpec {
  const opened = new Set<number>();
  return defineModule('gate', {
    open: (input) => {
      opened.add(input[0] ?? 0);
      return utf8('opened');
    },
    waitOpen: (input, env) =>
      timer(GATE_POLL_US, GATE_POLL_US, env.scheduler).pipe(
        filter(() => opened.has(input[0] ?? 0)),
        take(1),
        map(() => input),
      ),
  });
}
