/** Shortening display text by code points: never half of a surrogate pair. */
import test from 'ava';
import { clip } from '../../../cli/view/clip.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

test('short text is kept whole, long text keeps its first max code points', (t) => {
  t.is(clip('abc', 60), 'abc');
  t.is(clip('', 3), '');
  t.is(clip('abcdef', 3), 'abc');
  t.is(clip('a'.repeat(61), 60), 'a'.repeat(60));
});

test('an emoji at the cut is kept whole (it is one code point), never split', (t) => {
  const text = `${'a'.repeat(59)}😀tail`;
  t.is(clip(text, 60), `${'a'.repeat(59)}😀`);
  t.false(LONE.test(clip(text, 60)));
  // Every cut of a run of emoji is whole emoji.
  const emoji = '😀🎉🦀'.repeat(10);
  for (let max = 0; max <= 31; max++) {
    const cut = clip(emoji, max);
    t.false(LONE.test(cut), `max ${max}`);
    t.is([...cut].length, Math.min(max, 30));
  }
});

test('text that already holds a lone surrogate is cut as it is (one unit, one code point)', (t) => {
  t.is(clip('\uD800ab', 2), '\uD800a');
  t.is(clip('a\uDC00b', 2), 'a\uDC00');
});
