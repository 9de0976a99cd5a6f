/**
 * Shortening text for display. `String#slice` counts UTF-16 code units, so a cut can
 * fall between the two halves of an emoji and leave a lone surrogate: invalid Unicode,
 * which strict JSON readers refuse and terminals show as garbage. `clip` counts code
 * points instead, so whatever it keeps is as well formed as what it was given.
 */

/** `text` cut to its first `max` code points (whole, when it has no more). */
export function clip(text: string, max: number): string {
  // Fast path: fewer code units than `max` means fewer code points too.
  if (text.length <= max) return text;
  let units = 0;
  for (let points = 0; points < max && units < text.length; points++) {
    const c = text.charCodeAt(units);
    const pair = c >= 0xd800 && c <= 0xdbff && units + 1 < text.length && (text.charCodeAt(units + 1) & 0xfc00) === 0xdc00;
    units += pair ? 2 : 1;
  }
  return text.slice(0, units);
}
