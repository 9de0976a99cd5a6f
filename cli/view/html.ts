/**
 * The timeline as one self-contained HTML page: rows of tracks, events placed by
 * virtual time, zoom and pan, and a details panel. No network: styles and script are
 * inline and the data is a JSON block in the page, written item by item as the trace
 * is read (timeline-stream.ts).
 */
import { UsageError } from '../errors.js';
import { TIMELINE_CSS, TIMELINE_SCRIPT } from './html-assets.js';
import type { TimelineFormat, TimelineHead } from './timeline-stream.js';
import type { TimelineItem } from './timeline.js';

/**
 * Most events an HTML timeline is written for: the page holds every item in the
 * browser's memory (a million small events: a 240 MB page that Chromium opens in about
 * 3 s, with 0.3 GB of JavaScript heap). Perfetto opens the Chrome trace of a longer run.
 */
export const MAX_HTML_EVENTS = 1_000_000;

/**
 * Most characters of data in a page, whatever the count of events (long log messages
 * make long items): the browser reads the data block as one string, and a JavaScript
 * string holds at most 2^29 - 24 characters. The block is ASCII, a byte a character.
 */
export const MAX_HTML_DATA_CHARS = 384 * 1024 * 1024;

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * JSON that can sit inside `<script type="application/json">`: every `<` (so no `</script>`
 * or `<!--` can end or confuse the block), `>` and `&` written as Unicode escapes, which
 * `JSON.parse` reads back as the same characters. So is everything outside ASCII (U+2028
 * and U+2029 among it): the browser then keeps the block's text at a byte a character.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const LEGEND: readonly (readonly [string, string])[] = [
  ['call', 'create/remove'],
  ['launch', 'launch'],
  ['poll', 'is_ready'],
  ['retrieve', 'retrieve'],
  ['request', 'request, completion (light: latency)'],
  ['log', 'log'],
  ['fault', 'error'],
];

/** `flags` of an item in the page's data. */
export const ITEM_SPAN = 1;
export const ITEM_PENDING = 2;

/**
 * An item as the page's data holds it, an array (a long trace has a million of them):
 * `[id, track, kind, start, end, slot, flags, name, fields, error?, due?]`, where `fields`
 * is the JSON text of `[label, value, label, value, ...]`, parsed only when shown, and
 * `error` is null when there is a `due` but no error.
 */
export function pageItem(item: TimelineItem): unknown[] {
  const flags = (item.span ? ITEM_SPAN : 0) | (item.pending === true ? ITEM_PENDING : 0);
  // A loop, not `fields.flat()`, which took a fifth of a long export's time.
  const pairs: string[] = [];
  for (const [label, value] of item.fields) pairs.push(label, value);
  const out: unknown[] = [item.id, item.track, item.kind, item.start, item.end, item.slot, flags, item.name, JSON.stringify(pairs)];
  if (item.error !== undefined || item.due !== undefined) out.push(item.error ?? null);
  if (item.due !== undefined) out.push(item.due);
  return out;
}

/**
 * The page. Its data block is `{"start", "end", "tracks": [[kind, label], ...], "items": [...]}`
 * (a track's id is its position; items as `pageItem`), in any order of items.
 */
export class HtmlTimelineWriter implements TimelineFormat {
  private first = true;
  private dataChars = 0;

  /** Throws `UsageError` (naming `source`, the trace) from `write` once the data passes `maxDataChars`. */
  constructor(
    private readonly out: (text: string) => void,
    private readonly source: string,
    private readonly maxDataChars = MAX_HTML_DATA_CHARS,
  ) {}

  private data(text: string): void {
    this.dataChars += text.length;
    if (this.dataChars > this.maxDataChars) {
      throw new UsageError(`${this.source}: the HTML timeline's data passes ${Math.round(this.maxDataChars / 2 ** 20)} MiB, more than a browser page can load; use --format chrome and open it in Perfetto`);
    }
    this.out(text);
  }

  begin(head: TimelineHead): void {
    const summary = head.summary.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
    const legend = LEGEND.map(([k, label]) => `<span><i class="k-${k}"></i>${escapeHtml(label)}</span>`).join('');
    const damage = head.damage === undefined ? '' : `<p class="damage">${escapeHtml(head.damage)}</p>`;
    this.out(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="arksim export --format html">
<title>arksim: ${escapeHtml(head.title)}</title>
<style>${TIMELINE_CSS}</style>
</head>
<body>
<header>
<h1>arksim: ${escapeHtml(head.title)}</h1>
<dl class="summary">${summary}</dl>
${damage}
</header>
<nav class="toolbar">
<button id="zoom-in" type="button" title="zoom in (+)">+</button>
<button id="zoom-out" type="button" title="zoom out (-)">&minus;</button>
<button id="fit" type="button" title="whole run (0)">fit</button>
<button id="pan-left" type="button" title="earlier (&larr;)">&larr;</button>
<button id="pan-right" type="button" title="later (&rarr;)">&rarr;</button>
<span id="scale"></span>
<span class="legend">${legend}</span>
</nav>
<main>
<div id="timeline">
<div class="row axis"><div class="track-label">virtual time</div><div class="lane" id="axis-lane"></div></div>
<div id="rows"></div>
</div>
<aside id="details"></aside>
</main>
<script type="application/json" id="trace-data">`);
    this.data(`{"start":${scriptJson(head.start)},"end":${scriptJson(head.end)},"tracks":[`);
    let sep = '';
    for (const t of head.tracks()) {
      this.data(`${sep}${scriptJson([t.kind, t.label])}`);
      sep = ',';
    }
    this.data('],"items":[');
  }

  encode(item: TimelineItem): string {
    return scriptJson(pageItem(item));
  }

  write(text: string): void {
    this.data(this.first ? text : `,${text}`);
    this.first = false;
  }

  end(): void {
    this.data(']}');
    this.out(`</script>
<script>${TIMELINE_SCRIPT}</script>
</body>
</html>
`);
  }
}
