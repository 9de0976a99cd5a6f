/** Limits that turn a runaway run into a typed outcome instead of a hang. */
export interface Budgets {
  /** Scheduler actions executed, across the whole run. */
  readonly maxSteps: number;
  /** Virtual microseconds. */
  readonly maxTime: number;
  /** Frames a guest is driven for (applets), or may take to finish (TS guests). */
  readonly frames: number;
  /** Virtual microseconds between frames. */
  readonly frameUs: number;
  /** Wasm fuel per call into a module (loop iterations and calls); 0 disables metering. */
  readonly fuel: number;
}

export const DEFAULT_FRAME_US = 16_667;

export const DEFAULT_BUDGETS: Budgets = {
  maxSteps: 1_000_000,
  maxTime: 3_600_000_000,
  frames: 600,
  frameUs: DEFAULT_FRAME_US,
  fuel: 50_000_000,
};
