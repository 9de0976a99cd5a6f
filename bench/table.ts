/** The text-mode report: one aligned row per figure, notes underneath. */
import { describeTarget, met, type Figure } from './benchmark.js';

/** Three significant digits for small numbers, whole numbers with separators for large ones. */
export function formatNumber(x: number | null): string {
  if (x === null) return '-';
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  if (abs >= 100) return x.toFixed(1);
  if (abs >= 10) return x.toFixed(2);
  return x.toFixed(3);
}

const HEADINGS = ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'ratio is', 'target', 'met'] as const;
/** Numbers align right, text left. */
const RIGHT = new Set([1, 3, 4]);

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    formatNumber(f.value),
    f.unit,
    formatNumber(f.baseline),
    formatNumber(f.ratio),
    f.ratioMeans,
    describeTarget(f.target),
    met(f) ? 'yes' : 'NO',
  ]);
  const all = [[...HEADINGS], ...rows];
  const widths = HEADINGS.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (RIGHT.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = figures.map((f) => `  ${f.name}: ${f.note}`);
  const missed = figures.filter((f) => !met(f)).length;
  return [
    line(HEADINGS),
    rule,
    ...rows.map(line),
    '',
    'notes:',
    ...notes,
    '',
    missed === 0 ? 'all targets met' : `${missed} target(s) missed`,
    '',
  ].join('\n');
}
