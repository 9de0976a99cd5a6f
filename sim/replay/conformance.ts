/**
 * Host conformance: replay a recorded guest's calls, frame by frame, against another
 * host implementation (with the same launched modules), and report every difference
 * from the recorded answers. Handles are mapped (recorded → issued), so a host that
 * numbers differently is not "different" for that alone. The run follows the
 * recorded scheduling decisions and policy draws as far as they still apply (as
 * `replay --mode check` does), so a trace recorded under any strategy compares the
 * host, not the schedule. A run that ends before the guest's last recorded call
 * (the host deadlocked, a budget ran out) is a difference too, at the first call it
 * never made. The invariants run beside it and note their violations (the report's
 * `violations`) without stopping the run.
 */
import type { FfiEvent, TraceEvent } from '../events.js';
import type { FrameState, GuestSpec } from '../guest/driver.js';
import type { GuestFfi } from '../guest/ffi.js';
import type { ModuleRunHost } from '../host/api.js';
import { hostContract } from '../invariants/host-contract.js';
import { policiesPlayed } from '../invariants/policies-played/index.js';
import { describeOutcome, type RunOutcome } from '../outcome.js';
import type { HostFactory } from '../run/context.js';
import { planFromEvents } from '../run/replay-plan.js';
import { runSimulation } from '../run/run.js';
import type { Simulation } from '../run/simulation.js';
import { CollectedViolations } from './collected-violations.js';
import { describeEvent } from './equal.js';
import type { RecordedRun } from './replay.js';

export interface ConformanceDifference {
  /** Index of the recorded call in the trace's events. */
  readonly index: number;
  readonly call: string;
  readonly expected: string;
  readonly actual: string;
}

export interface ConformanceReport {
  /** The guest's recorded calls that were played. */
  readonly calls: number;
  /** Recorded calls never played because the run ended first. */
  readonly unplayed: number;
  /** How the run against the host under test ended. */
  readonly outcome: RunOutcome;
  readonly differences: readonly ConformanceDifference[];
  /**
   * The host contract's and the scenario's invariants, checked on the run without
   * stopping it: the first violation of each, in the order found (collected-violations.ts).
   */
  readonly violations: readonly string[];
}

interface FrameCalls {
  readonly index: number;
  readonly calls: { readonly at: number; readonly event: FfiEvent }[];
}

/** The guest's host calls grouped by the frame they were made in. */
function callsByFrame(events: readonly TraceEvent[], guest: string): FrameCalls[] {
  const frames: FrameCalls[] = [];
  let current: FrameCalls | undefined;
  events.forEach((e, i) => {
    if (e.t === 'frame') {
      current = { index: e.index, calls: [] };
      frames.push(current);
    } else if (current !== undefined && e.t.startsWith('ffi.') && e.t !== 'ffi.rejected' && (e as FfiEvent).caller === guest) {
      current.calls.push({ at: i, event: e as FfiEvent });
    }
  });
  return frames;
}

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')} (${b.length} B)`;

type Kind = 'function' | 'request';

class ScriptedCaller {
  /**
   * Recorded → issued handles, per kind: a host may number functions and requests
   * independently (function 1 and request 1 at once), so one map would mix them up.
   */
  private readonly handles: Record<Kind, Map<bigint, bigint>> = { function: new Map(), request: new Map() };
  readonly differences: ConformanceDifference[] = [];
  calls = 0;
  constructor(private readonly ffi: GuestFfi) {}

  /** The handle issued for the one the recording passed as a `kind`; a value it never got, as recorded. */
  private map(kind: Kind, h: bigint): bigint {
    return this.handles[kind].get(h) ?? h;
  }

  private learn(kind: Kind, recorded: bigint, actual: bigint): void {
    if (recorded !== 0n && actual !== 0n) this.handles[kind].set(recorded, actual);
  }

  private check(index: number, e: FfiEvent, expected: string, actual: string): void {
    if (expected !== actual) this.differences.push({ index, call: describeEvent(e), expected, actual });
  }

  play(index: number, e: FfiEvent): void {
    this.calls++;
    switch (e.t) {
      case 'ffi.create_function': {
        const r = this.ffi.createFunction(e.fnType, e.module, e.name);
        this.learn('function', e.handle, r.handle);
        return this.check(index, e, `code ${e.code}`, `code ${r.code}`);
      }
      case 'ffi.remove_function':
        return this.check(index, e, `code ${e.code}`, `code ${this.ffi.removeFunction(this.map('function', e.handle))}`);
      case 'ffi.launch': {
        const h = this.map('function', e.handle);
        const r = e.blocking ? this.ffi.blockingLaunch(h, e.input) : this.ffi.launch(h, e.input);
        this.learn('request', e.request, r.request);
        return this.check(index, e, `code ${e.code}`, `code ${r.code}`);
      }
      case 'ffi.is_ready': {
        const r = this.ffi.isReady(this.map('request', e.request));
        return this.check(index, e, `code ${e.code} ready ${e.ready} size ${e.size}`, `code ${r.code} ready ${r.isReady} size ${r.size}`);
      }
      case 'ffi.retrieve': {
        const r = this.ffi.retrieve(this.map('request', e.request), e.len);
        return this.check(index, e, `code ${e.code} ${hex(e.output)}`, `code ${r.code} ${hex(r.output)}`);
      }
      case 'ffi.rejected':
        return;
    }
  }
}

export function checkConformance(sim: Simulation, recorded: RecordedRun, guest: string, host: HostFactory): ConformanceReport {
  const frames = callsByFrame(recorded.events, guest);
  let caller: ScriptedCaller | undefined;
  const scripted: GuestSpec = {
    name: guest,
    finite: true,
    instantiate(env) {
      const c = new ScriptedCaller(env.ffi);
      caller = c;
      return {
        module: guest,
        finite: true,
        frame(index): FrameState {
          for (const { at, event } of frames[index]?.calls ?? []) c.play(at, event);
          return index + 1 >= frames.length ? { kind: 'finished' } : { kind: 'running' };
        },
      };
    },
  };
  const invariants = new CollectedViolations([hostContract, ...(recorded.checkPolicies === true ? [policiesPlayed(recorded.policies)] : []), ...(sim.invariants ?? [])]);
  let made: ModuleRunHost | undefined;
  const run = runSimulation(
    { modules: sim.modules, guest: scripted },
    {
      seed: recorded.seed,
      strategy: recorded.strategy,
      policies: recorded.policies,
      budgets: recorded.budgets,
      replay: planFromEvents(recorded.events),
      host: (env) => (made = host(env)),
      sinks: [invariants],
      // Every difference is reported; an invariant stopping the run would hide the rest, so they are collected instead.
      checkInvariants: false,
    },
  );
  const calls = caller?.calls ?? 0;
  const all = frames.flatMap((f) => f.calls);
  const differences = [...(caller?.differences ?? [])];
  const missed = all[calls];
  if (missed !== undefined) {
    differences.push({
      index: missed.at,
      call: describeEvent(missed.event),
      expected: 'the call is made',
      actual: `the run ended before it: ${describeOutcome(run.outcome)}`,
    });
  }
  return { calls, unplayed: all.length - calls, outcome: run.outcome, differences, violations: invariants.finish(made) };
}
