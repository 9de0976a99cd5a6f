/**
 * What a view says of a damaged or unfinished (`.partial`) trace, after showing what was
 * readable: that trace is exactly the one someone wants to look at.
 */
import type { TracePrefix } from '../../recorder/index.js';

/** What a read of a trace found: header, damage, and how many events were read. */
export type ReadSummary = Pick<TracePrefix, 'header' | 'error'> & { readonly eventCount: number };

/** The one line that names a trace's damage: where, why, and how much was readable before it. */
export function damageLine(path: string, read: ReadSummary): string | undefined {
  const e = read.error;
  if (e === undefined) return undefined;
  const readable = read.header === undefined ? 'nothing was readable before it' : `${read.eventCount} events were readable before it`;
  return `${path}: bad trace at byte ${e.offset}: ${e.message.replace(/^trace byte \d+: /, '')}; ${readable}`;
}
