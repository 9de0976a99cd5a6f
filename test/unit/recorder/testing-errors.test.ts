/**
 * Library users catch trace errors by class: 'arksim/testing' exports the recorder's
 * `TraceFormatError` and `TracePartialOnlyError`, and `replayScenarioTrace` throws them
 * (with reason and offset), not the CLI's usage errors.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as recorder from '../../../recorder/index.js';
import { findScenario } from '../../../scenarios/index.js';
import * as testing from '../../../testing/index.js';
import { sampleHeader } from './fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const fanout = findScenario('fanout')!;
const dir = tempDir('testing-errors');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

test("'arksim/testing' exports the recorder's error classes", (t) => {
  t.is(testing.TraceFormatError, recorder.TraceFormatError);
  t.is(testing.TracePartialOnlyError, recorder.TracePartialOnlyError);
});

test('replayScenarioTrace throws TraceFormatError, with reason and offset, for a damaged trace', (t) => {
  const truncated = join(dir, 'truncated.trace');
  writeFileSync(truncated, Buffer.from('ARKTRACE\x01\x00\x01\xff\x00\x00\x00', 'latin1'));
  const error = thrown(() => testing.replayScenarioTrace(fanout, truncated));
  t.true(error instanceof testing.TraceFormatError, String(error));
  t.like(error, { reason: 'truncated', offset: 10 });

  const notATrace = join(dir, 'not-a-trace.trace');
  writeFileSync(notATrace, 'hello');
  t.like(thrown(() => testing.replayScenarioTrace(fanout, notATrace)), { name: 'TraceFormatError', reason: 'bad-magic', offset: 0 });
});

test('a header whose strategy does not parse is bad-event at the header', (t) => {
  const path = join(dir, 'bad-strategy.trace');
  const writer = new recorder.TraceWriter(sampleHeader({ strategy: 'sideways' }), recorder.fileTarget(path));
  writer.finish({ kind: 'pass' });
  const error = thrown(() => testing.replayScenarioTrace(fanout, path));
  t.true(error instanceof testing.TraceFormatError, String(error));
  t.like(error, { reason: 'bad-event', offset: 19 });
  t.regex((error as Error).message, /header: strategy: strategy must be fifo, random or pct/);
});

test('only the .partial file of an unfinished recording: TracePartialOnlyError', (t) => {
  const path = join(dir, 'unfinished.trace');
  writeFileSync(recorder.partialPath(path), 'ARKTRACE\x01\x00');
  const error = thrown(() => testing.replayScenarioTrace(fanout, path));
  t.true(error instanceof testing.TracePartialOnlyError, String(error));
  t.like(error, { path, partialPath: recorder.partialPath(path) });
});
