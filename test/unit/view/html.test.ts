/** The HTML page's writer: its data block's layout and escaping, and the bound on its size. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { UsageError } from '../../../cli/errors.js';
import { HtmlTimelineWriter, ITEM_PENDING, ITEM_SPAN, pageItem, scriptJson } from '../../../cli/view/html.js';
import { OutFile } from '../../../cli/view/out-file.js';
import { tempDir } from '../../helpers/temp-dir.js';
import type { TimelineHead } from '../../../cli/view/timeline-stream.js';
import type { TimelineItem } from '../../../cli/view/timeline.js';

const evil = '</script><!-- & → 😀 \u2028';

const head: TimelineHead = {
  title: evil,
  summary: [['seed', evil]],
  tracks: () => [
    { id: 0, kind: 'module', label: evil },
    { id: 1, kind: 'request', label: 'request 2 (worker.work)' },
  ],
  start: 0,
  end: 10,
  eventCount: 2,
};

const request: TimelineItem = {
  id: 1,
  index: 1,
  track: 1,
  kind: 'request',
  name: 'request 2: worker.work',
  start: 1,
  end: 10,
  span: true,
  due: 3,
  pending: true,
  slot: 0,
  fields: [['request', '2'], ['completed', 'not by the end of the trace']],
};
const log: TimelineItem = { id: 0, index: 0, track: 0, kind: 'log', name: `log: ${evil}`, start: 1, end: 1, span: false, slot: 2, error: evil, fields: [['message', evil]] };

test('items are arrays: [id, track, kind, start, end, slot, flags, name, fields as JSON, error?, due?]', (t) => {
  t.deepEqual(pageItem(request), [1, 1, 'request', 1, 10, 0, ITEM_SPAN | ITEM_PENDING, 'request 2: worker.work', '["request","2","completed","not by the end of the trace"]', null, 3]);
  t.deepEqual(pageItem(log), [0, 0, 'log', 1, 1, 2, 0, `log: ${evil}`, JSON.stringify(['message', evil]), evil]);
  t.deepEqual(pageItem({ ...log, error: undefined } as unknown as TimelineItem).length, 9);
});

test('the page: its data block is printable ASCII and reads back exactly; text elsewhere is escaped', (t) => {
  let page = '';
  const w = new HtmlTimelineWriter((s) => (page += s), 'x.trace');
  w.begin(head);
  w.write(w.encode(request));
  w.write(w.encode(log));
  w.end();
  const block = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  t.regex(block, /^[\x20-\x7e]*$/);
  t.deepEqual(JSON.parse(block), { start: 0, end: 10, tracks: [['module', evil], ['request', 'request 2 (worker.work)']], items: [pageItem(request), pageItem(log)] });
  t.is(page.match(/<script\b/g)?.length, 2);
  t.is(page.match(/<!--/g), null);
  t.true(page.includes('<title>arksim: &lt;/script&gt;&lt;!-- &amp; → 😀 \u2028</title>'));
  t.true(page.endsWith('</html>\n'));
  t.is(scriptJson('\u2028😀<'), '"\\u2028\\ud83d\\ude00\\u003c"');
});

test('a page whose data would pass its bound is refused mid-way with UsageError naming the trace', (t) => {
  let page = '';
  const w = new HtmlTimelineWriter((s) => (page += s), 'long.trace', 300);
  w.begin(head);
  t.throws(
    () => {
      for (let i = 0; i < 10; i++) w.write(w.encode({ ...log, id: i }));
    },
    { instanceOf: UsageError, message: /^long\.trace: the HTML timeline's data passes 0 MiB, more than a browser page can load; use --format chrome/ },
  );
  const data = page.slice(page.indexOf('id="trace-data">') + 'id="trace-data">'.length);
  t.true(data.length <= 300, `${data.length} characters of data written`);
});

test('an output file given up on is removed; one finished is kept whole', (t) => {
  const dir = tempDir('out-file', t);
  const kept = new OutFile(join(dir, 'kept.html'));
  kept.write('a'.repeat(3 << 20));
  kept.write('b');
  kept.close();
  t.is(readFileSync(join(dir, 'kept.html'), 'utf8').length, (3 << 20) + 1);
  const dropped = new OutFile(join(dir, 'dropped.html'));
  dropped.write('a'.repeat(3 << 20));
  dropped.discard();
  t.false(existsSync(join(dir, 'dropped.html')));
  t.throws(() => new OutFile(join(dir, 'no', 'such.html')), { instanceOf: UsageError, message: /such\.html: cannot write \(ENOENT\)/ });
});
