/**
 * How traces look to people: the event table (`inspect`), the comparison (`diff`) and
 * the timelines (`export`: a Chrome trace, a self-contained HTML page).
 */
export { TraceContext, type RequestInfo } from './context.js';
export { ChromeTraceWriter, tidOf, type ChromeTraceEvent } from './chrome.js';
export { diffTraces, findDivergence, type Divergence, type EventStream, type TraceDiff, type TraceSummary } from './diff.js';
export { KIND_WORDS, eventFilter, parseKinds, type EventFilterSpec } from './filter.js';
export { footerSummary, headerDifferences, headerSummary, summaryLines, type HeaderDifference } from './header.js';
export { HtmlTimelineWriter, MAX_HTML_EVENTS, escapeHtml, scriptJson } from './html.js';
export { damageLine } from './load.js';
export { eventRow, eventRows, type EventRow } from './rows.js';
export { renderTable, type TableOptions } from './table.js';
export { TimelineBuilder, type ItemKind, type TimelineItem, type TimelineTrack, type TrackKind } from './timeline.js';
export { surveyTimeline, timelineHead, writeTimeline, type TimelineHead, type TimelinePlan, type TimelineWriter } from './timeline-stream.js';
export { widest } from './width.js';
export { code, eventJson, fullHex, grouped, hexBytes, jsonSafe, oneLine, parseHandle } from './values.js';
