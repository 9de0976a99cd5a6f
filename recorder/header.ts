import type { Budgets } from '../sim/budget.js';
import type { LatencySpec, Policies } from '../sim/host/policies.js';
import { ERROR_TIMINGS, HANDLE_NUMBERINGS } from './enums.js';
import { SchemaError, boolean, digestFromWire, digestToWire, expected, hexDigest, oneOf, plainRecord, stringToWire, wireArray } from './fields.js';
import { TRACE_FORMAT_VERSION, type TraceFormatVersion } from './layout.js';
import { TRACE_LIMITS } from './limits.js';
import { MsgpackWriter } from './msgpack.js';

export { hexDigest } from './fields.js';

/** The header's `magic` field (the file itself starts with the bytes `ARKTRACE`). */
export const TRACE_HEADER_MAGIC = 'arksim-trace';

/** The guest that drives the run, or a module it launches functions of. */
export type TraceWasmRole = 'guest' | 'module';

/** A Wasm binary the run loaded, identified by content. */
export interface TraceWasm {
  readonly name: string;
  readonly role: TraceWasmRole;
  /** SHA-256 of the binary, 64 lowercase hex digits. */
  readonly sha256: string;
  /** The file it was loaded from, when it was one: a hint for replay, which checks `sha256`. */
  readonly path?: string;
}

/** `record`: a run as it happened; `replay-check`: a replay's own recording; `shrunk`: a shrinker's minimal run. */
export type TraceMode = 'record' | 'replay-check' | 'shrunk';

/**
 * The first chunk of every trace: everything needed to run the recorded run again
 * (scenario, Wasm hashes, seed, strategy, policies, budgets) and where the trace came from.
 */
export interface TraceHeader {
  readonly magic: typeof TRACE_HEADER_MAGIC;
  /** The file's format version: traces written now are `TRACE_FORMAT_VERSION`; older ones are read as they are. */
  readonly formatVersion: TraceFormatVersion;
  readonly arksimVersion: string;
  readonly scenario: string | null;
  readonly wasm: readonly TraceWasm[];
  /** The normalised seed. */
  readonly seed: string;
  /** `formatStrategy` output, which `parseStrategy` accepts back. */
  readonly strategy: string;
  readonly policies: Policies;
  readonly budgets: Budgets;
  readonly mode: TraceMode;
  /** Digest of the trace this one was derived from (by shrinking, say), or null. */
  readonly parent: string | null;
  /**
   * The host the run was recorded on: `reference` for arksim's own, a custom host's
   * name (`recordScenarioTrace`'s `hostName`), or null when the trace does not say
   * (format version 1, or a header made without it).
   */
  readonly host: string | null;
  /**
   * Whether the run checked that the host plays its policies (RunOptions
   * `checkPolicies`, the `policies-played` invariant): replay and shrink do as the run
   * did, or a run that failed it would not fail again. False in format version 1.
   */
  readonly checkPolicies: boolean;
}

/** A header without the two fields every header has the same; `host` defaults to null, `checkPolicies` to false. */
export type TraceHeaderInit = Omit<TraceHeader, 'magic' | 'formatVersion' | 'host' | 'checkPolicies'> & {
  readonly host?: string | null;
  readonly checkPolicies?: boolean;
};

const wasmRole = oneOf<TraceWasmRole>(['guest', 'module'], 'a Wasm role');
const traceMode = oneOf<TraceMode>(['record', 'replay-check', 'shrunk'], 'a trace mode');
const errorTiming = oneOf(ERROR_TIMINGS, 'an error timing');
const handleNumbering = oneOf(HANDLE_NUMBERINGS, 'a handle numbering');

function within<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof SchemaError ? new SchemaError(`${path}: ${error.message}`) : error;
  }
}

function nullable<T>(check: (value: unknown) => T): (value: unknown) => T | null {
  return (value) => (value === null ? null : check(value));
}

/** A count or amount: a number at least 0 (Infinity allowed, NaN not); a safe bigint is normalised to a number. */
export function nonNegative(value: unknown): number {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  throw expected('a number at least 0', value);
}

function probability(value: unknown): number {
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  // Any spelling of an admitted type (FORMAT.md): 0 or 1 as an int 64 or uint 64 decodes as a bigint.
  if (value === 0n || value === 1n) return Number(value);
  throw expected('a probability in [0, 1]', value);
}

function latency(value: unknown): LatencySpec {
  const o = plainRecord(value, 'a latency spec');
  if (o.kind === 'fixed') return { kind: 'fixed', us: within('us', () => nonNegative(o.us)) };
  if (o.kind === 'uniform') {
    const min = within('min', () => nonNegative(o.min));
    const max = within('max', () => nonNegative(o.max));
    if (min > max) throw new SchemaError(`uniform latency min ${min} is greater than max ${max}`);
    return { kind: 'uniform', min, max };
  }
  throw expected('latency kind "fixed" or "uniform"', o.kind);
}

function policies(value: unknown): Policies {
  const o = plainRecord(value, 'a policies object');
  return {
    errors: within('errors', () => errorTiming(o.errors)),
    latency: within('latency', () => latency(o.latency)),
    handles: within('handles', () => handleNumbering(o.handles)),
    faults: within('faults', () => probability(o.faults)),
  };
}

function budgets(value: unknown): Budgets {
  const o = plainRecord(value, 'a budgets object');
  return {
    maxSteps: within('maxSteps', () => nonNegative(o.maxSteps)),
    maxTime: within('maxTime', () => nonNegative(o.maxTime)),
    frames: within('frames', () => nonNegative(o.frames)),
    frameUs: within('frameUs', () => nonNegative(o.frameUs)),
    fuel: within('fuel', () => nonNegative(o.fuel)),
  };
}

function wasm(value: unknown): TraceWasm {
  const o = plainRecord(value, 'a Wasm entry');
  const entry = {
    name: within('name', () => stringToWire(o.name)),
    role: within('role', () => wasmRole(o.role)),
    sha256: within('sha256', () => hexDigest(o.sha256)),
  };
  return o.path === undefined ? entry : { ...entry, path: within('path', () => stringToWire(o.path)) };
}

function wasmList(value: unknown): TraceWasm[] {
  if (!Array.isArray(value)) throw expected('an array of Wasm entries', value);
  if (value.length > TRACE_LIMITS.maxArrayItems) throw new SchemaError(`${value.length} entries exceed maxArrayItems (${TRACE_LIMITS.maxArrayItems})`);
  return (value as unknown[]).map((entry, i) => within(`[${i}]`, () => wasm(entry)));
}

/**
 * A header rebuilt from `value`: only the declared fields, in declaration order, each
 * checked. Used on both sides: the writer stores exactly what a reader will return.
 * Throws `SchemaError`.
 */
/** Headers made by `createTraceHeader`: checked once, deeply frozen, never checked again. */
const canonical = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Checks a header object of format `version` (the writer's unless told) and rebuilds it; throws `SchemaError`. */
export function canonicalHeader(value: unknown, version: TraceFormatVersion = TRACE_FORMAT_VERSION): TraceHeader {
  // Already checked and rebuilt here (and frozen): checking it again would be wasted work.
  if (lastDerived !== undefined && value === lastDerived.header) return lastDerived.header;
  if (typeof value === 'object' && value !== null && canonical.has(value)) return value as TraceHeader;
  const o = plainRecord(value, 'a header object');
  if (o.magic !== TRACE_HEADER_MAGIC) throw new SchemaError(`magic: expected "${TRACE_HEADER_MAGIC}", got ${String(o.magic)}`);
  if (o.formatVersion !== version) {
    throw new SchemaError(`formatVersion: expected ${version} (the file's version), got ${String(o.formatVersion)}`);
  }
  // Version 1 had no host field.
  const host = version === 1 ? null : within('host', () => nullable(stringToWire)(o.host ?? null));
  const checkPolicies = version === 1 ? false : within('checkPolicies', () => boolean(o.checkPolicies === undefined ? false : o.checkPolicies));
  return {
    magic: TRACE_HEADER_MAGIC,
    formatVersion: version,
    arksimVersion: within('arksimVersion', () => stringToWire(o.arksimVersion)),
    scenario: within('scenario', () => nullable(stringToWire)(o.scenario)),
    wasm: within('wasm', () => wasmList(o.wasm)),
    seed: within('seed', () => stringToWire(o.seed)),
    strategy: within('strategy', () => stringToWire(o.strategy)),
    policies: within('policies', () => policies(o.policies)),
    budgets: within('budgets', () => budgets(o.budgets)),
    mode: within('mode', () => traceMode(o.mode)),
    parent: within('parent', () => nullable(hexDigest)(o.parent)),
    host,
    checkPolicies,
  };
}

/**
 * A header for `init`, checked now so that a bad header fails where it is made rather
 * than when the trace is read. Throws `TypeError`.
 */
export function createTraceHeader(init: TraceHeaderInit): TraceHeader {
  try {
    const header = deepFreeze(canonicalHeader({ magic: TRACE_HEADER_MAGIC, formatVersion: TRACE_FORMAT_VERSION, ...init }));
    canonical.add(header);
    return header;
  } catch (error) {
    throw error instanceof SchemaError ? new TypeError(`invalid trace header: ${error.message}`) : error;
  }
}

/**
 * The last header `headerWithSeed` made, and the header from `createTraceHeader` it
 * derives from. One slot, not a WeakMap of every derived header: a trace is written
 * right after its header is made, and a WeakMap entry per run cost more than the
 * header saves (about a microsecond, most of it in the garbage collector). An older
 * derived header is still valid everywhere; it is just checked and encoded in full.
 */
let lastDerived: { readonly header: TraceHeader; readonly root: TraceHeader } | undefined;

/** The header from `createTraceHeader` that `header` is, or derives from by seed, when known. */
function rootOf(header: TraceHeader): TraceHeader | undefined {
  if (header === lastDerived?.header) return lastDerived.root;
  return canonical.has(header) ? header : undefined;
}

/**
 * `base` with another seed: what `createTraceHeader` would return for the fields of
 * `base` and `seed`. When `base` came from `createTraceHeader` or is the last header
 * this made, its other fields are not checked again, and the writer reuses their
 * encoding: recording many runs of one target (`arksim explore`, the benchmarks) pays
 * for one header check and one header encoding, not one per run. Throws `TypeError`.
 */
export function headerWithSeed(base: TraceHeader, seed: string): TraceHeader {
  const root = rootOf(base) ?? createTraceHeader(base);
  let checked: string;
  try {
    checked = stringToWire(seed);
  } catch (error) {
    throw error instanceof SchemaError ? new TypeError(`invalid trace header: seed: ${error.message}`) : error;
  }
  // A literal in declaration order: a third of the cost of spreading `root`.
  const header: TraceHeader = Object.freeze({
    magic: root.magic,
    formatVersion: root.formatVersion,
    arksimVersion: root.arksimVersion,
    scenario: root.scenario,
    wasm: root.wasm,
    seed: checked,
    strategy: root.strategy,
    policies: root.policies,
    budgets: root.budgets,
    mode: root.mode,
    parent: root.parent,
    host: root.host,
    checkPolicies: root.checkPolicies,
  });
  lastDerived = { header, root };
  return header;
}

/** The seed's position in the header's wire array. */
const SEED_AT = 3;

/** A base header's encoded wire array up to the seed, and after it. */
const seedlessWire = new WeakMap<TraceHeader, { readonly before: Uint8Array; readonly after: Uint8Array }>();

/**
 * Writes `header`'s wire array (the bytes of `w.value(headerToWire(header))`). A header
 * from `headerWithSeed` reuses its base's encoding around the seed.
 */
export function writeHeader(w: MsgpackWriter, header: TraceHeader): void {
  const base = rootOf(header);
  if (base === undefined) {
    w.value(headerToWire(header));
    return;
  }
  let parts = seedlessWire.get(base);
  if (parts === undefined) {
    const wire = headerToWire(base);
    const p = new MsgpackWriter(256);
    p.array(wire.length);
    for (let i = 0; i < SEED_AT; i++) p.value(wire[i]);
    const before = p.take().slice();
    for (let i = SEED_AT + 1; i < wire.length; i++) p.value(wire[i]);
    parts = { before, after: p.take().slice() };
    seedlessWire.set(base, parts);
  }
  w.raw(parts.before);
  w.str(header.seed);
  w.raw(parts.after);
}

/**
 * The header's wire array (traces/FORMAT.md, "Header"): every field but `magic` and
 * `formatVersion` (the prologue holds both) by position, nested objects as arrays, hashes
 * as 32 bytes. `header` must be canonical (`canonicalHeader`).
 */
export function headerToWire(header: TraceHeader): unknown[] {
  const { policies: p, budgets: b } = header;
  const latency = p.latency.kind === 'fixed' ? ['fixed', p.latency.us] : ['uniform', p.latency.min, p.latency.max];
  return [
    header.arksimVersion,
    header.scenario,
    header.wasm.map((w) => (w.path === undefined ? [w.name, w.role, digestToWire(w.sha256)] : [w.name, w.role, digestToWire(w.sha256), w.path])),
    header.seed,
    header.strategy,
    [p.errors, latency, p.handles, p.faults],
    [b.maxSteps, b.maxTime, b.frames, b.frameUs, b.fuel],
    header.mode,
    header.parent === null ? null : digestToWire(header.parent),
    header.host,
    header.checkPolicies,
  ];
}

function wasmFromWire(value: unknown): Record<string, unknown> {
  const a = wireArray(value, 'a Wasm entry array', 3, 4);
  const entry = { name: a[0], role: a[1], sha256: within('sha256', () => digestFromWire(a[2])) };
  return a.length === 3 ? entry : { ...entry, path: a[3] };
}

function latencyFromWire(value: unknown): Record<string, unknown> {
  const a = wireArray(value, 'a latency array', 2, 3);
  if (a.length === 2 && a[0] === 'fixed') return { kind: 'fixed', us: a[1] };
  if (a.length === 3 && a[0] === 'uniform') return { kind: 'uniform', min: a[1], max: a[2] };
  throw expected('a latency ["fixed", us] or ["uniform", min, max]', value);
}

function policiesFromWire(value: unknown): Record<string, unknown> {
  const a = wireArray(value, 'a policies array', 4);
  return { errors: a[0], latency: within('latency', () => latencyFromWire(a[1])), handles: a[2], faults: a[3] };
}

function budgetsFromWire(value: unknown): Record<string, unknown> {
  const a = wireArray(value, 'a budgets array', 5);
  return { maxSteps: a[0], maxTime: a[1], frames: a[2], frameUs: a[3], fuel: a[4] };
}

/**
 * A header of format `version` rebuilt from its decoded wire array, every field checked as
 * `canonicalHeader` does. Version 1 has 9 fields; version 2 adds `host` and `checkPolicies`. Throws `SchemaError`.
 */
export function headerFromWire(value: unknown, version: TraceFormatVersion): TraceHeader {
  const a = wireArray(value, 'a header array', version === 1 ? 9 : 11);
  const wasm = within('wasm', () => wireArray(a[2], 'an array of Wasm entries').map((entry, i) => within(`[${i}]`, () => wasmFromWire(entry))));
  return canonicalHeader({
    magic: TRACE_HEADER_MAGIC,
    formatVersion: version,
    arksimVersion: a[0],
    scenario: a[1],
    wasm,
    seed: a[3],
    strategy: a[4],
    policies: within('policies', () => policiesFromWire(a[5])),
    budgets: within('budgets', () => budgetsFromWire(a[6])),
    mode: a[7],
    parent: a[8] === null ? null : within('parent', () => digestFromWire(a[8])),
    host: a[9],
    checkPolicies: a[10],
  }, version);
}
