/**
 * Text that goes into events (log lines, fault and failure messages) comes from guests
 * and thrown errors, so it can be anything. It is made well-formed UTF-16 (a lone
 * surrogate would come back from a trace as U+FFFD and replay would diverge) and
 * capped in length (the trace format refuses strings over 1 MiB).
 */
export const MAX_EVENT_TEXT = 64 * 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function eventText(s: string): string {
  const capped = s.length > MAX_EVENT_TEXT ? `${s.slice(0, MAX_EVENT_TEXT)}… (${s.length - MAX_EVENT_TEXT} more characters)` : s;
  // Replace lone surrogates (String.prototype.toWellFormed, spelled out for ES2022 typings).
  return capped.replace(LONE_SURROGATES, '\uFFFD');
}

/** Whether `s` has no lone surrogate, so it is valid UTF-8 once encoded (String.prototype.isWellFormed). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
