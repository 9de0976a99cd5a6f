/**
 * A module stream on real time (RxJS's default scheduler, a Promise) never completes in
 * virtual time, and must not call back into the run once it has ended: the host cancels
 * what is still subscribed when the run ends.
 */
import test from 'ava';
import { from, timer } from 'rxjs';
import { map } from 'rxjs/operators';
import { memoryTarget, readTrace, TraceWriter } from '../../../recorder/index.js';
import { programGuest } from '../../../sim/guest/program-driver.js';
import { FunctionSource } from '../../../sim/host/codes.js';
import { defineModule } from '../../../sim/modules/js-module.js';
import { runSimulation } from '../../../sim/run/run.js';
import { sampleHeader } from '../recorder/fixtures.js';

const realTime = defineModule('m', {
  realTimer: () => timer(20).pipe(map(() => new Uint8Array([1]))),
  fromPromise: () => from(Promise.resolve(new Uint8Array([2]))),
});

for (const fn of ['realTimer', 'fromPromise']) {
  test(`${fn}: the run ends with the request pending, and nothing reaches it afterwards`, async (t) => {
    const writer = new TraceWriter(sampleHeader(), memoryTarget());
    const late: unknown[] = [];
    const result = runSimulation(
      {
        modules: [realTime],
        guest: programGuest('g', function* (ffi) {
          const f = ffi.createFunction(FunctionSource.NamedModule, 'm', fn);
          ffi.launch(f.handle, new Uint8Array([1]));
          yield 3;
        }),
      },
      { seed: 1, sinks: [{ emit: (e) => late.push(e) }, writer] },
    );
    t.like(result.outcome, { kind: 'failure', reason: 'pending-requests' });
    const trace = readTrace(writer.finish(result.outcome));
    const events = late.length;
    t.is(trace.events.length, events);
    // Real time passes: the timer and the promise would have delivered by now.
    await new Promise((resolve) => setTimeout(resolve, 60));
    t.is(late.length, events, 'no event after the run ended');
  });
}
