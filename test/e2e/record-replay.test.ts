/**
 * Issue 4's must-show, end to end through the codec: record → exact replay → re-record
 * is byte-identical; damaged traces fail cleanly or replay identically; a process
 * killed mid-recording leaves a readable prefix.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryTarget, readTrace, readTracePrefix, partialPath, TraceFormatError, TraceWriter } from '../../recorder/index.js';
import { recordRun, recordedRun, traceHeader } from '../../cli/trace-io.js';
import { catalogue, findScenario } from '../../scenarios/index.js';
import { scenarioTarget } from '../../scenarios/target.js';
import { replayRun } from '../../sim/replay/replay.js';
import type { RunTarget } from '../../sim/explore/target.js';
import type { StrategySpec } from '../../sim/scheduler/strategy.js';
import { SeedStreams } from '../../sim/random.js';
import { tempDir } from '../helpers/temp-dir.js';

const strategies: StrategySpec[] = [{ kind: 'random' }, { kind: 'pct', depth: 3, steps: 32 }, { kind: 'fifo' }];

function recordBytes(target: RunTarget, seed: string, strategy: StrategySpec): Uint8Array {
  const options = { seed, strategy, policies: target.policies, budgets: target.budgets };
  const r = recordRun(target, options, { seed, strategy, mode: 'record', parent: null }, undefined);
  if (r.bytes === undefined) throw new Error('no bytes');
  return r.bytes;
}

/** Replays `bytes` exactly while recording the replay; returns the new trace's bytes. */
function rerecord(target: RunTarget, bytes: Uint8Array): { bytes: Uint8Array; matched: boolean } {
  const trace = readTrace(bytes);
  const recorded = recordedRun(trace);
  const options = { seed: recorded.seed, strategy: recorded.strategy, policies: recorded.policies, budgets: recorded.budgets };
  const writer = new TraceWriter(traceHeader(target, options, { seed: recorded.seed, strategy: recorded.strategy, mode: 'record', parent: null }), memoryTarget());
  const r = replayRun(target.build(), recorded, 'exact', { sinks: [writer] });
  return { bytes: writer.finish(r.outcome), matched: r.matched };
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

test('record -> exact replay -> re-record is byte-identical, for every catalogue scenario over 200 seeds', (t) => {
  let traces = 0;
  for (const scenario of catalogue) {
    const target = scenarioTarget(scenario);
    for (let seed = 0; seed < 200; seed++) {
      const strategy = strategies[seed % strategies.length] as StrategySpec;
      const original = recordBytes(target, String(seed), strategy);
      const again = rerecord(target, original);
      if (!again.matched || !equalBytes(original, again.bytes)) {
        return t.fail(`${scenario.name} seed ${seed}: the re-recorded trace differs`);
      }
      traces++;
    }
  }
  t.is(traces, catalogue.length * 200);
});

const sampleTarget = scenarioTarget(findScenario('fanout') ?? (catalogue[0] as never));
const sample = recordBytes(sampleTarget, '7', { kind: 'random' });

test('every truncation of a trace is a TraceFormatError, and its readable prefix is a prefix of the events', (t) => {
  const full = readTrace(sample).events;
  for (let cut = 0; cut < sample.length; cut++) {
    const bytes = sample.subarray(0, cut);
    const e = t.throws(() => readTrace(bytes), { instanceOf: TraceFormatError }, `cut at ${cut}`);
    if (e === undefined) return;
    const prefix = readTracePrefix(bytes);
    t.true(prefix.events.length <= full.length);
    t.deepEqual(prefix.events, full.slice(0, prefix.events.length));
  }
});

test('1,000 random single-byte corruptions: each is a TraceFormatError or replays identically', (t) => {
  const rng = new SeedStreams('corrupt').stream('inputs');
  let errors = 0;
  let identical = 0;
  for (let i = 0; i < 1000; i++) {
    const bytes = Uint8Array.from(sample);
    const at = rng.below(bytes.length);
    bytes[at] = (bytes[at]! ^ (1 + rng.below(255))) & 0xff;
    let trace;
    try {
      trace = readTrace(bytes);
    } catch (e) {
      if (!(e instanceof TraceFormatError)) return t.fail(`byte ${at}: ${String(e)}`);
      t.true(e.offset >= 0 && e.offset <= bytes.length);
      errors++;
      continue;
    }
    // The damage missed the data (it can only be a byte no reader looks at): the replay must be identical.
    const again = rerecord(sampleTarget, bytes);
    t.true(again.matched && equalBytes(again.bytes, sample), `byte ${at} decoded but did not replay identically`);
    t.is(trace.events.length, readTrace(sample).events.length);
    identical++;
  }
  t.log(`${errors} rejected, ${identical} harmless`);
  t.is(errors + identical, 1000);
  t.true(errors > 900);
});

test('a process killed mid-recording leaves a .partial trace whose readable prefix is intact', (t) => {
  const dir = tempDir('kill', t);
  const out = join(dir, 'killed.trace');
  const child = spawnSync(process.execPath, ['dist/test/fixtures/record-and-die.js', out, '500'], { encoding: 'utf8' });
  t.is(child.signal, 'SIGKILL', child.stderr);
  t.false(existsSync(out), 'no file under the final name');
  const partial = partialPath(out);
  t.true(existsSync(partial));
  const prefix = readTracePrefix(new Uint8Array(readFileSync(partial)));
  t.truthy(prefix.header);
  t.is(prefix.header?.seed, 'kill');
  // flushEvery 8: everything up to the last completed chunk before event 500 is there.
  t.true(prefix.events.length >= 488 && prefix.events.length <= 500, `${prefix.events.length} events`);
  t.true(prefix.error instanceof TraceFormatError);
});
