/**
 * The exported HTML timeline in a real browser (Debian's chromium, driven by
 * playwright-core): tracks are labelled, events show their details, zoom changes the
 * scale, errors are red, nothing is fetched from the network, and it renders.
 *
 * Needs /usr/bin/chromium (.ci/install-browser.sh installs it). Under CI a missing
 * browser fails the suite; locally the suite is skipped with a message saying so.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';
import { arksim } from '../helpers/cli.js';
import { requestsTrace } from '../helpers/long-trace.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Debian's chromium; ARKSIM_CHROMIUM points elsewhere (a check of the missing-browser path uses it). */
const CHROMIUM = process.env['ARKSIM_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1400, height: 800 };
/** Evaluated in the page (the tests compile without the DOM library, hence the casts). */
const BACKGROUND = (e: unknown): string =>
  (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor;
const RED = 'rgb(211, 47, 47)';
const inCi = !['', '0', 'false'].includes((process.env['CI'] ?? '').toLowerCase());

const dir = tempDir('browser');
const path = (name: string): string => join(dir, name);

function exportHtml(name: string, runArgs: readonly string[]): string {
  const trace = path(`${name}.trace`);
  const run = arksim(['run', ...runArgs, '--out', trace]);
  if (run.code !== 0 && run.code !== 1) throw new Error(`arksim run exited ${run.code}: ${run.stderr}`);
  const out = path(`${name}.html`);
  const r = arksim(['export', trace, '--format', 'html', '--out', out]);
  if (r.code !== 0) throw new Error(`arksim export exited ${r.code}: ${r.stderr}`);
  return out;
}

interface Opened {
  readonly page: Page;
  /** Every URL the page asked for, and every script error or console error it raised. */
  readonly requests: string[];
  readonly errors: string[];
}

let browser: Browser | undefined;
let fanoutHtml = '';
let errorsHtml = '';
let longHtml = '';
/** Requests in the long trace: 7 events each, a track each. */
const LONG_REQUESTS = 3000;

async function open(file: string): Promise<Opened> {
  if (browser === undefined) throw new Error('no browser');
  const page = await browser.newPage({ viewport: VIEWPORT });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

async function usPerPx(page: Page): Promise<number> {
  return Number(await page.locator('#scale').getAttribute('data-us-per-px'));
}

async function details(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('#details tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']));
  return Object.fromEntries(rows);
}

if (!existsSync(CHROMIUM) && !inCi) {
  console.warn(`test/browser: ${CHROMIUM} is missing, so the browser timeline tests are skipped (CI is unset). Install it with .ci/install-browser.sh.`);
  test.skip(`browser timeline: skipped, ${CHROMIUM} is missing (run .ci/install-browser.sh)`, () => {});
} else {
  test.before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and CI is set: run .ci/install-browser.sh before the tests`);
    fanoutHtml = exportHtml('fanout', ['fanout', '--seed', '3']);
    errorsHtml = exportHtml('errors', ['callee-error-code', '--seed', '1']);
    writeFileSync(path('long.trace'), requestsTrace(LONG_REQUESTS));
    longHtml = path('long.html');
    const long = arksim(['export', path('long.trace'), '--format', 'html', '--out', longHtml]);
    if (long.code !== 0) throw new Error(`arksim export exited ${long.code}: ${long.stderr}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  test.after.always(async () => {
    await browser?.close();
  });

  test('the timeline has a row per module, then per request, then the run', async (t) => {
    const { page, errors } = await open(fanoutHtml);
    t.regex((await page.locator('h1').textContent()) ?? '', /fanout · seed 3 · fifo/);
    const labels = await page.locator('#rows .track-label').allTextContents();
    t.deepEqual(labels.slice(0, 2), ['guest', 'worker']);
    const requests = labels.slice(2, -1);
    t.is(requests.length, 8);
    t.true(requests.every((l) => /^request \d+ \(worker\.work\)$/.test(l)), requests.join(', '));
    t.true(requests.includes('request 2 (worker.work)'));
    t.is(labels.at(-1), 'run');
    // Every row has its events drawn: launches on the guest, one bar per request.
    t.is(await page.locator('.lane >> .ev.k-launch').count(), 8);
    t.is(await page.locator('.ev.k-request').count(), 8);
    t.deepEqual(errors, []);
    await page.close();
  });

  test('hovering an event shows its fields in the details panel; clicking one keeps it there', async (t) => {
    const { page, errors } = await open(fanoutHtml);
    const launch = page.locator('.ev.k-launch').first();
    await launch.hover();
    t.is(await page.locator('#details h2').textContent(), 'launch worker.work → 2');
    t.like(await details(page), { event: '#4 ffi.launch', time: '0 us', caller: 'guest', handle: '1', code: 'Success (0)', request: '2', function: 'worker.work' });
    t.regex((await details(page))['input'] ?? '', /^0x[0-9a-f]{6} \(3 B\)$/);

    const bar = page.locator('.ev.k-request').first();
    await bar.click();
    t.is(await page.locator('#details h2').textContent(), 'request 2: worker.work');
    const fields = await details(page);
    t.like(fields, { request: '2', function: 'worker.work', caller: 'guest', code: 'Success (0)' });
    t.regex(fields['due'] ?? '', /^[\d,]+ us$/);
    t.regex(fields['completed'] ?? '', /^[\d,]+ us \(event #\d+\)$/);
    // Clicked: it stays when the mouse leaves, and is marked.
    await page.mouse.move(5, 5);
    t.is(await page.locator('#details h2').textContent(), 'request 2: worker.work');
    t.is(await page.locator('.ev.selected').count(), 1);
    t.deepEqual(errors, []);
    await page.close();
  });

  test('zoom buttons and the wheel change the scale, fit restores it, pan moves the events', async (t) => {
    const { page, errors } = await open(fanoutHtml);
    const fitted = await usPerPx(page);
    t.true(fitted > 0);
    const scaleText = await page.locator('#scale').textContent();
    const lane = await page.locator('#axis-lane').boundingBox();
    const centre = (lane?.x ?? 0) + (lane?.width ?? 0) / 2;
    // Where a request's bar ends, relative to the middle of the view (the buttons zoom about it).
    // Markers are redrawn on every zoom and only those in view exist, so find this one by its id.
    const bar = page.locator(`.ev[data-id="${await page.locator('.ev.k-request').nth(2).getAttribute('data-id')}"]`);
    const endFromCentre = async (): Promise<number> => {
      const box = await bar.boundingBox();
      return (box?.x ?? NaN) + (box?.width ?? NaN) - centre;
    };
    const before = await endFromCentre();

    await page.click('#zoom-in');
    t.is(await usPerPx(page), fitted / 2);
    t.not(await page.locator('#scale').textContent(), scaleText);
    const after = await endFromCentre();
    t.true(Math.abs(after - 2 * before) < 2, `twice as far from the centre: ${before} → ${after}`);

    await page.mouse.move((lane?.x ?? 0) + 200, (lane?.y ?? 0) + 60);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(`Number(document.querySelector('#scale').dataset.usPerPx) < ${fitted / 2}`);
    t.true((await usPerPx(page)) < fitted / 2, 'wheel up zooms in');

    await page.click('#fit');
    t.is(await usPerPx(page), fitted);
    await page.click('#zoom-out');
    t.is(await usPerPx(page), fitted * 2);

    await page.click('#fit');
    const x0 = (await bar.boundingBox())?.x ?? 0;
    await page.click('#pan-right');
    t.true(((await bar.boundingBox())?.x ?? Infinity) < x0, 'later: the events move left');
    t.deepEqual(errors, []);
    await page.close();
  });

  test('errors are red, with the reason in the details panel', async (t) => {
    const { page, errors } = await open(errorsHtml);
    const failed = page.locator('.ev.err');
    t.true((await failed.count()) > 0);
    const fault = page.locator('.ev.k-fault').first();
    t.is(await fault.evaluate(BACKGROUND), RED);
    const ok = page.locator('.ev.k-launch:not(.err)').first();
    t.not(await ok.evaluate(BACKGROUND), RED);
    await page.locator('.ev.k-request.err').first().click();
    t.regex((await page.locator('#details .error').textContent()) ?? '', /^error: /);
    t.deepEqual(errors, []);
    await page.close();
  });

  test('the page fetches nothing: every request is the file itself', async (t) => {
    const { page, requests, errors } = await open(fanoutHtml);
    await page.click('#zoom-in');
    await page.locator('.ev.k-request').first().hover();
    t.deepEqual(requests, [pathToFileURL(fanoutHtml).href]);
    t.deepEqual(errors, []);
    await page.close();
  });

  test('a long trace: only the rows in view and a marker a pixel are drawn; scrolling and zooming draw the rest', async (t) => {
    const { page, errors } = await open(longHtml);
    const tracks = 2 + LONG_REQUESTS + 1;
    const rowsDrawn = await page.locator('#rows .row').count();
    t.true(rowsDrawn > 10 && rowsDrawn < 60, `${rowsDrawn} rows drawn of ${tracks}`);
    t.is(await page.locator('#rows').evaluate((e) => (e as unknown as { offsetHeight: number }).offsetHeight), tracks * 26, 'scrolls as if every row were there');
    const fitted = await page.locator('.ev').count();
    t.true(fitted < 3000, `${fitted} markers drawn for ${7 * LONG_REQUESTS} items`);
    t.true((await page.locator('.row.module .ev').count()) > 100, 'the busy rows are drawn');

    // Scrolled to the end: the last requests and the run are drawn, the first rows are not.
    await page.locator('#timeline').evaluate((e) => {
      const el = e as unknown as { scrollTop: number; scrollHeight: number };
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForFunction(`[...document.querySelectorAll('#rows .track-label')].some((l) => l.textContent === 'run')`);
    const labels = await page.locator('#rows .track-label').allTextContents();
    t.true(labels.includes(`request ${LONG_REQUESTS + 1} (worker.work)`), labels.slice(-3).join(', '));
    t.false(labels.includes('guest'));
    const last = page.locator('.ev.k-request').last();
    await last.hover();
    t.regex((await page.locator('#details h2').textContent()) ?? '', /^request \d+: worker\.work$/);

    // Zoomed in on the start: a handful of events in view, each drawn, each with its details.
    await page.locator('#timeline').evaluate((e) => {
      (e as unknown as { scrollTop: number }).scrollTop = 0;
    });
    for (let i = 0; i < 10; i++) await page.click('#zoom-in');
    await page.click('#pan-left');
    await page.waitForFunction(`document.querySelectorAll('#rows .track-label')[0]?.textContent === 'guest'`);
    const launch = page.locator('.ev.k-launch').first();
    await launch.hover();
    t.like(await details(page), { caller: 'guest', function: 'worker.work', code: 'Success (0)' });
    t.deepEqual(errors, []);
    await page.close();
  });

  test('a screenshot of the timeline is a real picture', async (t) => {
    const { page } = await open(fanoutHtml);
    const shot = path('timeline.png');
    await page.screenshot({ path: shot });
    const png = readFileSync(shot);
    t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    t.is(png.toString('latin1', 12, 16), 'IHDR');
    t.is(png.readUInt32BE(16), VIEWPORT.width);
    t.is(png.readUInt32BE(20), VIEWPORT.height);
    // A blank page of the same size compresses to almost nothing; the timeline does not.
    await page.setContent('<!doctype html><body style="margin:0;background:#fff"></body>');
    const blank = await page.screenshot();
    t.true(png.length > 5 * blank.length, `timeline ${png.length} B, blank ${blank.length} B`);
    t.log(`screenshot: ${png.length} bytes (kept only while the suite runs; set ARKSIM_KEEP_SCREENSHOT=DIR to keep one)`);
    const keep = process.env['ARKSIM_KEEP_SCREENSHOT'];
    if (keep !== undefined && keep !== '') await page.goto(pathToFileURL(fanoutHtml).href).then(() => page.screenshot({ path: join(keep, 'arksim-timeline.png') }));
    await page.close();
  });
}
