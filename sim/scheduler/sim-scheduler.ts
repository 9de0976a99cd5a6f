/**
 * The virtual-time scheduler: RxJS 7's `SchedulerLike` over arksim's own queue.
 *
 * Pending work is totally ordered by (due time, sequence); the clock is set to each
 * action's due time before it runs. When two or more actions are due at the same
 * instant, the selector picks one, and that choice is reported as a decision.
 * Runs are bounded by a step budget and a virtual-time budget.
 *
 * Gotchas: RxJS durations on this scheduler are virtual microseconds; fractional and
 * negative delays are rounded up to whole microseconds and clamped to 0. A non-finite
 * delay (Infinity, NaN) means "never", as on VirtualTimeScheduler: the action is not
 * queued and does not count as pending.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { SimAbort } from '../abort.js';
import { failure, type FailureOutcome } from '../outcome.js';
import { Heap } from './heap.js';
import type { Candidate, Selector } from './selector.js';

interface Entry {
  readonly seq: number;
  readonly due: number;
  readonly action: SimAction<unknown>;
  cancelled: boolean;
}

export interface DecisionRecord {
  readonly at: number;
  readonly step: number;
  readonly candidates: readonly number[];
  readonly chosen: number;
}

export interface SchedulerLimits {
  readonly maxSteps: number;
  readonly maxTime: number;
}

const entryLess = (a: Entry, b: Entry): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq);

/**
 * Most actions that may be due at one instant: a scheduling decision among more could not
 * be recorded (a trace's list holds at most `maxArrayItems`, recorder/limits.ts; a test
 * checks they are equal), so the run ends as `budget-exhausted` instead.
 */
export const MAX_TIED_ACTIONS = 1024 * 1024;

export class SimScheduler implements SchedulerLike {
  private clock = 0;
  private nextSeq = 0;
  private nextTask = 0;
  private stepCount = 0;
  private decisionCount = 0;
  private live = 0;
  private readonly queue = new Heap<Entry>(entryLess);
  private aborted: FailureOutcome | undefined = undefined;
  /** Called for every decision, before the chosen action runs. */
  onDecision: ((d: DecisionRecord) => void) | undefined = undefined;

  constructor(
    private selector: Selector,
    private readonly limits: SchedulerLimits = { maxSteps: Number.MAX_SAFE_INTEGER, maxTime: Number.MAX_SAFE_INTEGER },
  ) {}

  now(): number {
    return this.clock;
  }

  /** Actions executed so far. */
  get steps(): number {
    return this.stepCount;
  }

  get decisions(): number {
    return this.decisionCount;
  }

  /** Scheduled, not yet run, not cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Swaps the selector (check-mode replay falls back to FIFO when the trace stops applying). */
  setSelector(selector: Selector): void {
    this.selector = selector;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new SimAction<T>(this, work, this.nextTask++);
    return action.schedule(state, delay);
  }

  /** @internal */
  enqueue(action: SimAction<unknown>, delay: number): Entry {
    const d = Math.max(0, Math.ceil(delay));
    const entry: Entry = { seq: this.nextSeq++, due: this.clock + d, action, cancelled: false };
    this.queue.push(entry);
    this.live++;
    return entry;
  }

  /** @internal */
  cancel(entry: Entry): void {
    if (!entry.cancelled) {
      entry.cancelled = true;
      this.live--;
    }
  }

  private popLive(): Entry | undefined {
    for (;;) {
      const e = this.queue.pop();
      if (e === undefined || !e.cancelled) return e;
    }
  }

  private peekLive(): Entry | undefined {
    for (;;) {
      const e = this.queue.peek();
      if (e === undefined || !e.cancelled) return e;
      this.queue.pop();
    }
  }

  /**
   * Runs one action: the next due one, or a selector's pick among those due at the
   * same instant. Returns false when nothing is scheduled.
   */
  step(): boolean {
    this.throwIfAborted();
    const first = this.popLive();
    if (first === undefined) return false;
    if (first.due > this.limits.maxTime) {
      this.queue.push(first);
      throw new SimAbort(
        failure('budget-exhausted', `virtual time budget of ${this.limits.maxTime} us exhausted (next action due at ${first.due} us)`),
      );
    }
    if (this.stepCount >= this.limits.maxSteps) {
      this.queue.push(first);
      throw new SimAbort(failure('budget-exhausted', `step budget of ${this.limits.maxSteps} scheduler steps exhausted`));
    }
    let chosen = first;
    const next = this.peekLive();
    if (next !== undefined && next.due === first.due) {
      chosen = this.choose(first);
    }
    this.clock = chosen.due;
    this.stepCount++;
    this.live--;
    chosen.cancelled = true;
    chosen.action.run(chosen);
    this.throwIfAborted();
    return true;
  }

  /**
   * Ends the run at the next safe point (after the running action returns). For code
   * that cannot throw where it stands, such as an RxJS error callback.
   */
  abort(outcome: FailureOutcome): void {
    this.aborted ??= outcome;
  }

  get abortedWith(): FailureOutcome | undefined {
    return this.aborted;
  }

  throwIfAborted(): void {
    if (this.aborted !== undefined) throw new SimAbort(this.aborted);
  }

  private choose(first: Entry): Entry {
    const tied: Entry[] = [first];
    for (let e = this.peekLive(); e !== undefined && e.due === first.due; e = this.peekLive()) {
      tied.push(this.queue.pop() as Entry);
    }
    const candidates: Candidate[] = tied.map((e) => ({ seq: e.seq, task: e.action.task }));
    // The tied entries are off the heap until `finally`: if the selector or the listener
    // throws, all go back (lost, they would count as pending yet never run).
    let taken: Entry | undefined = undefined;
    try {
      if (tied.length > MAX_TIED_ACTIONS) {
        throw new SimAbort(failure('budget-exhausted', `more than ${MAX_TIED_ACTIONS} actions due at one instant (${tied.length} at ${first.due} us)`));
      }
      const index = this.selector.select(candidates, { at: first.due, step: this.stepCount, index: this.decisionCount });
      const chosen = tied[index];
      if (chosen === undefined) throw new RangeError(`selector chose ${index} of ${tied.length} candidates`);
      this.decisionCount++;
      this.onDecision?.({ at: first.due, step: this.stepCount, candidates: candidates.map((c) => c.seq), chosen: chosen.seq });
      taken = chosen;
      return chosen;
    } finally {
      for (const e of tied) if (e !== taken) this.queue.push(e);
    }
  }

  /** Runs actions until `done()` holds (checked before each step); false if work ran out first. */
  runUntil(done: () => boolean): boolean {
    while (!done()) {
      if (!this.step()) return false;
    }
    return true;
  }

  /** Runs every action due at or before `time`, then sets the clock to `time`. */
  advanceTo(time: number): void {
    for (let e = this.peekLive(); e !== undefined && e.due <= time; e = this.peekLive()) this.step();
    if (time > this.clock) this.clock = time;
  }

  /** Runs until nothing is scheduled. */
  flush(): void {
    while (this.step()) {
      /* keep going */
    }
  }

  /** Due time of the next live action, if any. */
  nextDue(): number | undefined {
    return this.peekLive()?.due;
  }
}

/** An RxJS `SchedulerAction` on the virtual scheduler; rescheduling keeps its task identity. */
export class SimAction<T> extends Subscription implements SchedulerAction<T> {
  private entry: Entry | undefined = undefined;
  private state: T | undefined = undefined;

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    readonly task: number,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    if (this.entry !== undefined) this.scheduler.cancel(this.entry);
    // Never due: timer(Infinity) must not fire, and must not fire *now*.
    this.entry = Number.isFinite(delay) ? this.scheduler.enqueue(this as SimAction<unknown>, delay) : undefined;
    return this;
  }

  /** @internal Called by the scheduler with the entry it popped. */
  run(entry: Entry): void {
    if (this.entry !== entry || this.closed) return;
    this.entry = undefined;
    try {
      this.work.call(this, this.state);
    } catch (e) {
      this.unsubscribe();
      throw e;
    }
  }

  override unsubscribe(): void {
    if (this.closed) return;
    if (this.entry !== undefined) {
      this.scheduler.cancel(this.entry);
      this.entry = undefined;
    }
    super.unsubscribe();
  }
}
