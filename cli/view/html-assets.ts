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
#timeline { overflow-y: auto; overflow-x: hidden; background: #fff; user-select: none; cursor: grab; }
#timeline.dragging { cursor: grabbing; }
.row { display: flex; height: 26px; border-bottom: 1px solid #eceef2; }
.row.axis { position: sticky; top: 0; z-index: 3; height: 22px; background: #fafbfc; border-bottom: 1px solid #d8dce3; }
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
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var timeline = document.getElementById('timeline');
  var rows = document.getElementById('rows');
  var axis = document.getElementById('axis-lane');
  var details = document.getElementById('details');
  var scale = document.getElementById('scale');
  var SLOT_PX = 7;
  var byTrack = data.tracks.map(function () { return []; });
  var lanes = [];
  var selected = null;
  var span = Math.max(data.end - data.start, 1);
  var view = { start: data.start, usPerPx: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  data.items.forEach(function (it) { byTrack[it.track].push(it); });
  data.tracks.forEach(function (t) {
    var row = el('div', 'row ' + t.kind);
    var label = el('div', 'track-label', t.label);
    label.title = t.label;
    var lane = el('div', 'lane');
    lane.dataset.track = String(t.id);
    row.appendChild(label);
    row.appendChild(lane);
    rows.appendChild(row);
    lanes.push(lane);
  });

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

  function marker(it, w) {
    var e;
    if (it.span) {
      var left = x(it.start), right = x(it.end);
      if (right < -2 || left > w + 2) return null;
      var l = Math.max(left, -2), r = Math.min(Math.max(right, left + 2), w + 2);
      e = el('div', 'ev span k-' + it.kind);
      e.style.left = l + 'px';
      e.style.width = Math.max(r - l, 2) + 'px';
      if (it.due !== undefined && it.due > it.start) {
        var lat = el('div', 'lat');
        lat.style.width = Math.max(0, Math.min(x(it.due), r) - l) + 'px';
        e.appendChild(lat);
      }
      if (r - l > 40) e.appendChild(el('span', '', it.name));
      if (it.pending) e.classList.add('pending');
    } else {
      var px = x(it.start) + it.slot * SLOT_PX;
      if (px < -8 || px > w + 8) return null;
      e = el('div', 'ev instant k-' + it.kind);
      e.style.left = (px - 3) + 'px';
    }
    if (it.error !== undefined) e.classList.add('err');
    if (selected !== null && selected.id === it.id) e.classList.add('selected');
    e.dataset.id = String(it.id);
    e.dataset.kind = it.kind;
    e.title = it.name;
    return e;
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
    lanes.forEach(function (lane, i) {
      var frag = document.createDocumentFragment();
      byTrack[i].forEach(function (it) {
        var m = marker(it, w);
        if (m !== null) frag.appendChild(m);
      });
      lane.textContent = '';
      lane.appendChild(frag);
    });
    scale.textContent = time(view.usPerPx * 100) + ' per 100 px';
    scale.dataset.usPerPx = String(view.usPerPx);
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
    details.appendChild(el('h2', '', it.name));
    if (it.error !== undefined) details.appendChild(el('p', 'error', 'error: ' + it.error));
    var table = el('table');
    it.fields.forEach(function (f) {
      var tr = el('tr');
      tr.appendChild(el('th', '', f[0]));
      tr.appendChild(el('td', '', f[1]));
      table.appendChild(tr);
    });
    details.appendChild(table);
    details.dataset.id = String(it.id);
  }
  function hint() {
    details.textContent = '';
    details.appendChild(el('p', 'hint', 'Hover over an event for its details; click to keep them here. Wheel or +/- to zoom, drag or arrows to pan.'));
    delete details.dataset.id;
  }
  function itemOf(target) {
    var e = target && target.closest ? target.closest('.ev') : null;
    return e === null ? null : data.items[Number(e.dataset.id)];
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
