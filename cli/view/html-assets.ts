/**
 * The timeline page's stylesheet and script, inlined into every export: the page must
 * open from a file with no network (no CDN, no web fonts). The script is plain ES2017
 * in one function, reading the data from the page's JSON block.
 */

export const TIMELINE_CSS = String.raw`
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330; background: #f6f7f9; }
header { padding: 10px 16px 6px; background: #fff; border-bottom: 1px solid #d8dce3; }
h1 { margin: 0 0 6px; font-size: 16px; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 0; font-size: 12px; }
.summary dt { color: #5b6475; } .summary dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.damage { margin: 6px 0 0; padding: 4px 8px; background: #fdecea; color: #b71c1c; border: 1px solid #f5c2c0; border-radius: 3px; }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 16px; background: #eef0f4; border-bottom: 1px solid #d8dce3; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid #b9c0cc; background: #fff; border-radius: 3px; cursor: pointer; }
.toolbar button:hover { background: #e3e8f0; }
#scale { margin-left: 8px; color: #5b6475; font-variant-numeric: tabular-nums; }
.legend { margin-left: auto; display: flex; gap: 10px; font-size: 11px; color: #5b6475; }
.legend i { display: inline-block; width: 9px; height: 9px; margin-right: 3px; border-radius: 2px; vertical-align: -1px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; height: calc(100vh - var(--top, 150px)); min-height: 240px; }
#timeline { position: relative; overflow-y: auto; overflow-x: hidden; background: #fff; user-select: none; cursor: grab; }
#timeline.dragging { cursor: grabbing; }
.row { display: flex; height: 26px; border-bottom: 1px solid #eceef2; }
.row.axis { position: sticky; top: 0; z-index: 3; height: 22px; background: #fafbfc; border-bottom: 1px solid #d8dce3; }
#rows { position: relative; }
#rows .row { position: absolute; left: 0; right: 0; }
.row.request .track-label { color: #37474f; }
.row.run .track-label { color: #6d4c41; }
.track-label { flex: none; width: 210px; padding: 4px 8px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; border-right: 1px solid #d8dce3; background: #fafbfc; font-weight: 500; }
.row.module .track-label { font-weight: 600; }
.lane { position: relative; flex: 1; overflow: hidden; }
.tick { position: absolute; top: 0; bottom: 0; padding: 3px 0 0 3px; border-left: 1px solid #c9ced8; font-size: 11px; color: #5b6475; white-space: nowrap; }
.ev { position: absolute; top: 4px; height: 17px; border-radius: 2px; cursor: pointer; }
.ev.instant { width: 6px; }
.ev.span { min-width: 2px; overflow: hidden; white-space: nowrap; font-size: 11px; line-height: 17px; color: #fff; padding: 0 4px; }
.ev.span .lat { position: absolute; left: 0; top: 0; bottom: 0; background: rgba(255, 255, 255, 0.45); }
.ev.span span { position: relative; }
.ev:hover { outline: 1px solid #1d2330; z-index: 2; }
.ev.selected { outline: 2px solid #000; z-index: 2; }
.k-call { background: #5c6bc0; } .k-launch { background: #7e57c2; } .k-poll { background: #90a4ae; }
.k-retrieve { background: #26a69a; } .k-request, .k-completed { background: #1e88e5; } .k-log { background: #f9a825; }
.k-frame { background: #bdbdbd; width: 2px !important; top: 8px; height: 10px; } .k-decision { background: #8d6e63; } .k-draw { background: #bcaaa4; }
.k-outcome { background: #2e7d32; width: 8px !important; }
.ev.pending { background-image: repeating-linear-gradient(45deg, transparent 0 6px, rgba(255, 255, 255, 0.35) 6px 12px); }
.ev.err, .k-rejected, .k-fault { background-color: #d32f2f; }
.ev.span.err { box-shadow: inset 0 0 0 2px #8e0000; }
#details { overflow: auto; padding: 10px 12px; background: #fff; border-left: 1px solid #d8dce3; }
#details h2 { margin: 0 0 8px; font-size: 14px; overflow-wrap: anywhere; }
#details .hint { color: #5b6475; }
#details .error { color: #b71c1c; font-weight: 600; margin: 0 0 8px; overflow-wrap: anywhere; }
#details table { border-collapse: collapse; width: 100%; font-size: 12px; }
#details th { text-align: left; vertical-align: top; padding: 2px 8px 2px 0; color: #5b6475; font-weight: 500; white-space: nowrap; }
#details td { padding: 2px 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
`;

export const TIMELINE_SCRIPT = String.raw`
(function () {
  'use strict';
  // The data block (html.ts): tracks as [kind, label], items as
  // [id, track, kind, start, end, slot, flags, name, fields (JSON text), error?, due?].
  var ID = 0, TRACK = 1, KIND = 2, START = 3, END = 4, SLOT = 5, FLAGS = 6, NAME = 7, FIELDS = 8, ERROR = 9, DUE = 10;
  var SPAN = 1, PENDING = 2;
  var ROW_PX = 26, SLOT_PX = 7;
  var block = document.getElementById('trace-data');
  var data = JSON.parse(block.textContent);
  // Parsed, the text is only memory (hundreds of megabytes for a long trace).
  block.textContent = '';
  var tracks = data.tracks, items = data.items;
  var timeline = document.getElementById('timeline');
  var rows = document.getElementById('rows');
  var axis = document.getElementById('axis-lane');
  var details = document.getElementById('details');
  var scale = document.getElementById('scale');
  var selected = null;
  var span = Math.max(data.end - data.start, 1);
  var view = { start: data.start, usPerPx: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function reachOf(it) { return Math.max(it[START], it[END]); }

  // Each track's items by start time: order[first[t]] .. order[first[t + 1] - 1], with
  // reach[p] the latest end among them up to p. Only the items in view are looked at
  // (two binary searches a row), so a zoom or a pan costs what is shown, not the trace.
  var nTracks = tracks.length;
  var byId = new Array(items.length);
  var first = new Int32Array(nTracks + 1);
  var maxSlot = new Int32Array(nTracks);
  items.forEach(function (it) {
    byId[it[ID]] = it;
    first[it[TRACK] + 1]++;
    if (it[SLOT] > maxSlot[it[TRACK]]) maxSlot[it[TRACK]] = it[SLOT];
  });
  for (var t = 0; t < nTracks; t++) first[t + 1] += first[t];
  var order = new Array(items.length);
  var fill = first.slice(0, nTracks);
  byId.forEach(function (it) { order[fill[it[TRACK]]++] = it; });
  var reach = new Float64Array(items.length);
  for (t = 0; t < nTracks; t++) {
    var a = first[t], b = first[t + 1], sorted = true;
    for (var p = a + 1; p < b && sorted; p++) sorted = order[p - 1][START] <= order[p][START];
    if (!sorted) {
      var run = order.slice(a, b).sort(function (x, y) { return x[START] - y[START] || x[ID] - y[ID]; });
      for (p = a; p < b; p++) order[p] = run[p - a];
    }
    var latest = -Infinity;
    for (p = a; p < b; p++) { latest = Math.max(latest, reachOf(order[p])); reach[p] = latest; }
  }

  // Rows are drawn only where the timeline is scrolled to; #rows keeps the full height.
  rows.style.height = (nTracks * ROW_PX) + 'px';

  function width() { return Math.max(axis.clientWidth, 50); }
  function x(t) { return (t - view.start) / view.usPerPx; }
  function niceStep(raw) {
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  function time(us) {
    var a = Math.abs(us);
    if (a >= 1e6) return +(us / 1e6).toFixed(4) + ' s';
    if (a >= 1e3) return +(us / 1e3).toFixed(3) + ' ms';
    return +us.toFixed(3) + ' us';
  }
  function hasError(it) { return it[ERROR] !== undefined && it[ERROR] !== null; }

  function marker(it, w) {
    var e;
    if (it[FLAGS] & SPAN) {
      var left = x(it[START]), right = x(it[END]);
      if (right < -2 || left > w + 2) return null;
      var l = Math.max(left, -2), r = Math.min(Math.max(right, left + 2), w + 2);
      e = el('div', 'ev span k-' + it[KIND]);
      e.style.left = l + 'px';
      e.style.width = Math.max(r - l, 2) + 'px';
      var due = it[DUE];
      if (due !== undefined && due > it[START]) {
        var lat = el('div', 'lat');
        lat.style.width = Math.max(0, Math.min(x(due), r) - l) + 'px';
        e.appendChild(lat);
      }
      if (r - l > 40) e.appendChild(el('span', '', it[NAME]));
      if (it[FLAGS] & PENDING) e.classList.add('pending');
    } else {
      var px = x(it[START]) + it[SLOT] * SLOT_PX;
      if (px < -8 || px > w + 8) return null;
      e = el('div', 'ev instant k-' + it[KIND]);
      e.style.left = (px - 3) + 'px';
    }
    if (hasError(it)) e.classList.add('err');
    if (selected !== null && selected[ID] === it[ID]) e.classList.add('selected');
    e.dataset.id = String(it[ID]);
    e.dataset.kind = it[KIND];
    e.title = it[NAME];
    return e;
  }

  // Where markers would sit on the same pixel, one is drawn: the selected one, else an
  // error, else the latest (the one that would be drawn on top). So a fitted
  // million-event run draws a few thousand markers, not a million.
  function rank(it) { return (selected !== null && selected[ID] === it[ID] ? 2 : 0) + (hasError(it) ? 1 : 0); }
  function drawLane(lane, track, w) {
    var t0 = view.start - (maxSlot[track] * SLOT_PX + 10) * view.usPerPx, t1 = view.start + (w + 10) * view.usPerPx;
    var a = first[track], b = first[track + 1], lo = a, hi = b;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (reach[mid] < t0) lo = mid + 1; else hi = mid; }
    var shown = new Map();
    for (var p = lo; p < b; p++) {
      var it = order[p];
      if (it[START] > t1) break;
      if (reachOf(it) < t0) continue;
      var wide = (it[FLAGS] & SPAN) && x(it[END]) - x(it[START]) >= 3;
      var key = wide ? 's' + it[ID] : Math.floor(x(it[START]) + ((it[FLAGS] & SPAN) ? 0 : it[SLOT] * SLOT_PX));
      var held = shown.get(key);
      if (held === undefined || rank(it) >= rank(held)) shown.set(key, it);
    }
    var frag = document.createDocumentFragment();
    shown.forEach(function (it) {
      var m = marker(it, w);
      if (m !== null) frag.appendChild(m);
    });
    lane.appendChild(frag);
  }

  function render() {
    var w = width();
    var t0 = view.start, t1 = view.start + w * view.usPerPx;
    axis.textContent = '';
    var step = niceStep(view.usPerPx * 90);
    for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
      var tick = el('div', 'tick', time(t));
      tick.style.left = x(t) + 'px';
      axis.appendChild(tick);
    }
    var top = timeline.scrollTop - rows.offsetTop;
    var from = Math.max(0, Math.floor(top / ROW_PX) - 2);
    var to = Math.min(nTracks, Math.ceil((top + timeline.clientHeight) / ROW_PX) + 2);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) {
      var row = el('div', 'row ' + tracks[i][0]);
      row.style.top = (i * ROW_PX) + 'px';
      var label = el('div', 'track-label', tracks[i][1]);
      label.title = tracks[i][1];
      var lane = el('div', 'lane');
      lane.dataset.track = String(i);
      row.appendChild(label);
      row.appendChild(lane);
      drawLane(lane, i, w);
      frag.appendChild(row);
    }
    rows.textContent = '';
    rows.appendChild(frag);
    scale.textContent = time(view.usPerPx * 100) + ' per 100 px';
    scale.dataset.usPerPx = String(view.usPerPx);
  }
  var pending = false;
  function renderSoon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }

  function fit() {
    var w = width();
    view.usPerPx = span / Math.max(w - 40, 10);
    view.start = data.start - 12 * view.usPerPx;
    render();
  }
  function zoom(factor, px) {
    var at = view.start + px * view.usPerPx;
    view.usPerPx = Math.min(Math.max(view.usPerPx * factor, 0.001), span);
    view.start = at - px * view.usPerPx;
    render();
  }
  function pan(px) {
    view.start += px * view.usPerPx;
    render();
  }

  function show(it) {
    details.textContent = '';
    details.appendChild(el('h2', '', it[NAME]));
    if (hasError(it)) details.appendChild(el('p', 'error', 'error: ' + it[ERROR]));
    var table = el('table');
    var fields = JSON.parse(it[FIELDS]);
    for (var i = 0; i + 1 < fields.length; i += 2) {
      var tr = el('tr');
      tr.appendChild(el('th', '', fields[i]));
      tr.appendChild(el('td', '', fields[i + 1]));
      table.appendChild(tr);
    }
    details.appendChild(table);
    details.dataset.id = String(it[ID]);
  }
  function hint() {
    details.textContent = '';
    details.appendChild(el('p', 'hint', 'Hover over an event for its details; click to keep them here. Wheel or +/- to zoom, drag or arrows to pan.'));
    delete details.dataset.id;
  }
  function itemOf(target) {
    var e = target && target.closest ? target.closest('.ev') : null;
    return e === null ? null : byId[Number(e.dataset.id)];
  }

  rows.addEventListener('mouseover', function (ev) {
    var it = itemOf(ev.target);
    if (it !== null) show(it);
  });
  rows.addEventListener('mouseout', function (ev) {
    if (itemOf(ev.target) === null || itemOf(ev.relatedTarget) !== null) return;
    if (selected !== null) show(selected); else hint();
  });
  rows.addEventListener('click', function (ev) {
    if (moved) return;
    var it = itemOf(ev.target);
    selected = it;
    if (it !== null) show(it); else hint();
    render();
  });

  timeline.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var px = ev.clientX - axis.getBoundingClientRect().left;
    var dx = ev.deltaX, dy = ev.deltaY;
    if (ev.shiftKey || Math.abs(dx) > Math.abs(dy)) pan(ev.shiftKey ? dy || dx : dx);
    else zoom(Math.pow(1.0025, dy), px);
  }, { passive: false });
  timeline.addEventListener('scroll', renderSoon);

  var drag = null, moved = false;
  timeline.addEventListener('mousedown', function (ev) {
    if (ev.button !== 0) return;
    drag = { x: ev.clientX, start: view.start };
    moved = false;
  });
  window.addEventListener('mousemove', function (ev) {
    if (drag === null) return;
    var d = ev.clientX - drag.x;
    if (Math.abs(d) > 3) { moved = true; timeline.classList.add('dragging'); }
    if (moved) { view.start = drag.start - d * view.usPerPx; render(); }
  });
  window.addEventListener('mouseup', function () {
    drag = null;
    timeline.classList.remove('dragging');
    setTimeout(function () { moved = false; }, 0);
  });

  function centre() { return width() / 2; }
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5, centre()); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(2, centre()); });
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('pan-left').addEventListener('click', function () { pan(-width() / 4); });
  document.getElementById('pan-right').addEventListener('click', function () { pan(width() / 4); });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === '+' || ev.key === '=') zoom(0.5, centre());
    else if (ev.key === '-') zoom(2, centre());
    else if (ev.key === '0') fit();
    else if (ev.key === 'ArrowLeft') pan(-width() / 8);
    else if (ev.key === 'ArrowRight') pan(width() / 8);
  });
  window.addEventListener('resize', render);

  document.body.style.setProperty('--top', document.querySelector('main').getBoundingClientRect().top + 'px');
  hint();
  fit();
})();
`;
