/** Structural equality and one-line descriptions of trace events, for replay comparison. */
import type { TraceEvent } from '../events.js';

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

/** The fields in which two events differ, as `field: expected → actual`. */
export function eventDifferences(expected: TraceEvent, actual: TraceEvent): string[] {
  if (expected.t !== actual.t) return [`kind: ${expected.t} → ${actual.t}`];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const out: string[] = [];
  for (const k of keys) {
    const a = (expected as unknown as Record<string, unknown>)[k];
    const b = (actual as unknown as Record<string, unknown>)[k];
    if (!equalValues(a, b)) out.push(`${k}: ${value(a)} → ${value(b)}`);
  }
  return out;
}
