/** A trace's header and footer for people: the summary lines, and what differs between two headers. */
import type { TraceFooter, TraceHeader } from '../../recorder/index.js';
import { formatPolicies } from '../../sim/host/policies.js';
import { describeOutcome } from '../../sim/outcome.js';
import { grouped, oneLine } from './values.js';
import { widest } from './width.js';

/** `[label, value]` pairs: what was run, how, and with which limits. */
export function headerSummary(header: TraceHeader | undefined): [string, string][] {
  if (header === undefined) return [['header', '(unreadable)']];
  const b = header.budgets;
  const wasm = header.wasm.map((w) => `${w.role} ${w.name} sha256:${w.sha256.slice(0, 12)}`).join(', ');
  return [
    ...(header.scenario === null ? [] : [['scenario', header.scenario] as [string, string]]),
    ...(wasm === '' ? [] : [['wasm', wasm] as [string, string]]),
    ['seed', header.seed],
    ['strategy', header.strategy],
    ['policies', formatPolicies(header.policies).join(' ')],
    ['budgets', `maxSteps=${grouped(b.maxSteps)} maxTime=${grouped(b.maxTime)} us frames=${grouped(b.frames)} frameUs=${grouped(b.frameUs)} fuel=${grouped(b.fuel)}`],
    ['mode', `${header.mode}${header.parent === null ? '' : ` (parent ${header.parent.slice(0, 16)}…)`}`],
    ['host', `${header.host ?? '(not recorded)'}${header.checkPolicies ? ', checked to play its policies (policies-played)' : ''}`],
    ['format', `version ${header.formatVersion}, written by arksim ${header.arksimVersion}`],
  ];
}

/** `[label, value]` pairs for the end of a trace: the outcome, or why there is none. */
export function footerSummary(footer: TraceFooter | undefined, eventsRead: number): [string, string][] {
  if (footer === undefined) return [['outcome', `(no footer: ${eventsRead} events read)`]];
  return [
    ['outcome', describeOutcome(footer.outcome)],
    ['events', `${grouped(footer.eventCount)}, digest ${footer.digest}`],
  ];
}

/** Label-aligned lines; values one line each (a trace's names and messages are anyone's text). */
export function summaryLines(pairs: readonly (readonly [string, string])[]): string[] {
  const w = widest(pairs.map(([k]) => k));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${oneLine(v)}`);
}

export interface HeaderDifference {
  /** Dotted path: `seed`, `policies.latency`, `budgets.frames`, `wasm`. */
  readonly field: string;
  readonly a: string;
  readonly b: string;
}

function flatten(header: TraceHeader): Map<string, string> {
  const out = new Map<string, string>();
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  out.set('scenario', text(header.scenario));
  out.set('wasm', header.wasm.map((w) => `${w.role}:${w.name}:${w.sha256}`).join(', '));
  out.set('seed', header.seed);
  out.set('strategy', header.strategy);
  for (const p of formatPolicies(header.policies)) {
    const [k, v] = p.split('=', 2) as [string, string];
    out.set(`policies.${k}`, v);
  }
  for (const [k, v] of Object.entries(header.budgets)) out.set(`budgets.${k}`, text(v));
  out.set('mode', header.mode);
  out.set('parent', text(header.parent));
  out.set('host', header.host ?? '(not recorded)');
  out.set('checkPolicies', String(header.checkPolicies));
  out.set('arksimVersion', header.arksimVersion);
  out.set('formatVersion', text(header.formatVersion));
  return out;
}

/** Every header field whose value differs, in header order. */
export function headerDifferences(a: TraceHeader, b: TraceHeader): HeaderDifference[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const out: HeaderDifference[] = [];
  for (const field of new Set([...fa.keys(), ...fb.keys()])) {
    const va = fa.get(field) ?? '(none)';
    const vb = fb.get(field) ?? '(none)';
    if (va !== vb) out.push({ field, a: va, b: vb });
  }
  return out;
}
