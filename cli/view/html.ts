/**
 * The timeline as one self-contained HTML page: rows of tracks, events placed by
 * virtual time, zoom and pan, and a details panel. No network: styles and script are
 * inline and the data is a JSON block in the page.
 */
import { TIMELINE_CSS, TIMELINE_SCRIPT } from './html-assets.js';
import type { Timeline } from './timeline.js';

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * JSON that can sit inside `<script type="application/json">`: every `<` (so no `</script>`
 * or `<!--` can end or confuse the block), `>` and `&` written as Unicode escapes,
 * which `JSON.parse` reads back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
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

/** The page, as one string: write it to a `.html` file and open it from disk. */
export function timelineHtml(timeline: Timeline): string {
  const data = {
    title: timeline.title,
    start: timeline.start,
    end: timeline.end,
    tracks: timeline.tracks,
    items: timeline.items,
  };
  const summary = timeline.summary.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const legend = LEGEND.map(([k, label]) => `<span><i class="k-${k}"></i>${escapeHtml(label)}</span>`).join('');
  const damage = timeline.damage === undefined ? '' : `<p class="damage">${escapeHtml(timeline.damage)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="arksim export --format html">
<title>arksim: ${escapeHtml(timeline.title)}</title>
<style>${TIMELINE_CSS}</style>
</head>
<body>
<header>
<h1>arksim: ${escapeHtml(timeline.title)}</h1>
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
<script type="application/json" id="trace-data">${scriptJson(data)}</script>
<script>${TIMELINE_SCRIPT}</script>
</body>
</html>
`;
}
