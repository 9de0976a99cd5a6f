/** Structural equality and one-line descriptions of trace events, for replay comparison. */
import type { TraceEvent } from '../events.js';
import { bytesDifference, describeBytesDifference, type ByteDifference } from './bytes-diff.js';

export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    // Allocation-free: replay compares every event of a run.
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    let na = 0;
    for (const k in ra) {
      if (ra[k] === undefined) continue;
      na++;
      if (!equalValues(ra[k], rb[k])) return false;
    }
    let nb = 0;
    for (const k in rb) if (rb[k] !== undefined) nb++;
    return na === nb;
  }
  return false;
}

function value(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) {
    const hex = Buffer.from(v.subarray(0, 16)).toString('hex');
    return `0x${hex}${v.length > 16 ? '…' : ''} (${v.length} B)`;
  }
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** `ffi.launch at=1000 caller=guest handle=1n …`: every field, bytes abbreviated. */
export function describeEvent(e: TraceEvent): string {
  const fields = Object.entries(e)
    .filter(([k]) => k !== 't')
    .map(([k, v]) => `${k}=${value(v)}`);
  return `${e.t} ${fields.join(' ')}`;
}

export interface FieldDifference {
  /** The field's name (`kind` when the events are of different kinds). */
  readonly field: string;
  /** Each side's value, abbreviated as in describeEvent. */
  readonly expected: string;
  readonly actual: string;
  /** For two byte fields: the first differing offset and both sides around it (the abbreviation may not reach it). */
  readonly bytes?: ByteDifference;
}

/** The fields in which two events differ, in the events' field order. */
export function fieldDifferences(expected: TraceEvent, actual: TraceEvent): FieldDifference[] {
  if (expected.t !== actual.t) return [{ field: 'kind', expected: expected.t, actual: actual.t }];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const out: FieldDifference[] = [];
  for (const k of keys) {
    const a = (expected as unknown as Record<string, unknown>)[k];
    const b = (actual as unknown as Record<string, unknown>)[k];
    if (equalValues(a, b)) continue;
    const bytes = a instanceof Uint8Array && b instanceof Uint8Array ? bytesDifference(a, b) : undefined;
    out.push({ field: k, expected: value(a), actual: value(b), ...(bytes === undefined ? {} : { bytes }) });
  }
  return out;
}

/** `field: expected → actual`; for bytes, `field: differs at byte N (lengths): window → window`. */
export function describeFieldDifference(d: FieldDifference): string {
  return d.bytes === undefined ? `${d.field}: ${d.expected} → ${d.actual}` : `${d.field}: differs ${describeBytesDifference(d.bytes)}`;
}

/** The fields in which two events differ, one line each (see describeFieldDifference). */
export function eventDifferences(expected: TraceEvent, actual: TraceEvent): string[] {
  return fieldDifferences(expected, actual).map(describeFieldDifference);
}
