import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import {
  dragAcross,
  openPage,
  recordQueryRanges,
  skipWithoutChromium,
  waitUntil,
} from './browser.js';
import { type Lab, pollJson, startLab } from './lab.js';

/** Set to a folder to save a screenshot of the explorer. */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const P95 =
  'histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket[1m])))';

/** Polls the backend's Prometheus API until the answer holds something. */
async function waitForData(lab: Lab, path: string): Promise<void> {
  // Generous: with other browser tests beside it on two cores, the first flush can be slow.
  await pollJson<{ data?: unknown[] | { result?: unknown[] } }>(
    `${lab.backend.queryUrl}${path}`,
    (body) => ((Array.isArray(body.data) ? body.data : body.data?.result)?.length ?? 0) > 0,
    60_000,
  );
}

describe('the metrics explorer in real Chromium', { skip: skipWithoutChromium() }, () => {
  let lab: Lab;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-metrics-e2e', scrapeEverySecond: true });
    for (let i = 0; i < 5; i++) {
      assert.equal((await call(lab.demo.url, 'GET', '/api/products')).status, 200);
      assert.equal((await call(lab.demo.url, 'POST', '/api/orders')).status, 201);
    }
    await waitForData(lab, '/api/v1/query?query=app_requests_total');
    await waitForData(lab, `/api/v1/query_exemplars?${new URLSearchParams({ query: P95 })}`);
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 800 }));
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('/query?query=app_requests_total draws a graph with a series', async () => {
    await page.goto(`${lab.backend.queryUrl}/query?query=app_requests_total&range=5m`);
    await page.locator('.metrics-plot canvas').waitFor();
    const names = await page.locator('.metrics-legend .series-name').allTextContents();
    assert.ok(names.length >= 1, 'at least one series');
    assert.ok(
      names.every((name) => name.startsWith('app_requests_total{')),
      names.join(', '),
    );
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'metrics.png') });
    // The editor holds the query from the URL.
    assert.equal(await page.locator('.cm-content').textContent(), 'app_requests_total');
    // CodeMirror's own styles apply despite the CSP (constructed sheets in its shadow root).
    const border = await page
      .locator('.cm-editor')
      .evaluate(
        (element) => element.ownerDocument.defaultView?.getComputedStyle(element).borderTopStyle,
      );
    assert.equal(border, 'solid');
    assert.deepEqual(pageErrors, []);
  });

  test('the table tab answers the instant query and the URL keeps the tab', async () => {
    await page.locator('.metrics-tabs button', { hasText: 'Table' }).click();
    await page.locator('.metrics-table .series-name').first().waitFor();
    assert.match(page.url(), /[?&]tab=table/);
    await page.goBack();
    await page.locator('.metrics-plot canvas').waitFor();
  });

  test("the editor's syntax colours follow the theme", async () => {
    const query = 'sum by (job) (rate(app_requests_total[5m]))';
    await page.goto(`${lab.backend.queryUrl}/query?${new URLSearchParams({ query })}`);
    const rate = page.locator('.cm-line span', { hasText: /^rate$/ });
    // The new scheme reaches the page's styles a moment after emulateMedia returns.
    const colorBecomes = async (expected: string) => {
      const deadline = Date.now() + 5000;
      let color: string | undefined;
      while (Date.now() < deadline) {
        color = await rate.evaluate(
          (element) => element.ownerDocument.defaultView?.getComputedStyle(element).color,
        );
        if (color === expected) return;
        await sleep(50);
      }
      assert.equal(color, expected);
    };
    await page.emulateMedia({ colorScheme: 'dark' });
    await colorBecomes('rgb(220, 220, 170)');
    await page.emulateMedia({ colorScheme: 'light' });
    await colorBecomes('rgb(31, 111, 139)');
  });

  test('dragging across the graph zooms to that range; back undoes it, now follows now', async () => {
    await page.goto(`${lab.backend.queryUrl}/query?query=app_requests_total&range=5m`);
    const recorded = recordQueryRanges(page);
    const over = page.locator('.metrics-plot .u-over');
    await over.waitFor();
    // The middle quarter of five minutes: about 75 s, ending about 75 s ago.
    await dragAcross(page, over, 0.5, 0.75);
    await page.waitForURL((url) => url.searchParams.has('end'));
    const url = new URL(page.url());
    const range = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(url.searchParams.get('range') ?? '');
    assert.ok(range, url.search);
    const seconds = Number(range[1] ?? 0) * 60 + Number(range[2] ?? 0);
    assert.ok(seconds >= 65 && seconds <= 85, `${seconds} s`);
    const agoSeconds = (Date.now() - Date.parse(url.searchParams.get('end') ?? '')) / 1000;
    assert.ok(agoSeconds >= 60 && agoSeconds <= 100, `ends ${agoSeconds} s ago`);
    // The zoomed window is what is queried (it may hold no data: it is before the lab started).
    const end = String(Date.parse(url.searchParams.get('end') ?? '') / 1000);
    const start = String(Number(end) - seconds);
    await waitUntil(
      () => recorded.ranges.some((q) => q.get('start') === start && q.get('end') === end),
      () => `no query_range of ${start}..${end}: ${recorded.ranges.join(' | ')}`,
    );
    // The picker shows the zoomed range and its end.
    assert.equal(
      await page.locator('select[aria-label="range"]').inputValue(),
      url.searchParams.get('range'),
    );
    // With an end, the presets are durations, not "last …".
    assert.equal(
      await page.locator('select[aria-label="range"] option[value="5m"]').textContent(),
      '5m',
    );
    assert.notEqual(await page.locator('input[aria-label="range end"]').inputValue(), '');

    await page.goBack();
    await page.waitForURL((back) => !back.searchParams.has('end'));
    await page.goForward();
    await page.waitForURL((forward) => forward.searchParams.has('end'));
    await page.locator('button', { hasText: /^now$/ }).click();
    await page.waitForURL((now) => !now.searchParams.has('end'));
    assert.equal(await page.locator('input[aria-label="range end"]').inputValue(), '');
    recorded.stop();
    assert.deepEqual(pageErrors, []);
  });

  test('the editor completes metric names from the backend', async () => {
    await page.goto(`${lab.backend.queryUrl}/query`);
    await page.locator('.cm-content').click();
    // Typed as a person types: headless Chromium's renderer did not survive instant typing here.
    await page.keyboard.type('app_req', { delay: 80 });
    await page.locator('.cm-tooltip-autocomplete', { hasText: 'app_requests_total' }).waitFor();
    await page.keyboard.press('Escape');
    // Enter runs what is typed.
    await page.keyboard.press('Enter');
    await page.waitForURL(/query=app_req$/, { waitUntil: 'commit' });
  });

  test('a bad query shows the parse error with its position', async () => {
    await page.goto(`${lab.backend.queryUrl}/query?query=${encodeURIComponent('sum(rate(')}`);
    const error = page.locator('.metrics-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    assert.match(text, /bad_data/);
    assert.match(text, /\d+:\d+/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'metrics-error.png') });
  });

  test('the metric browser lists names with help and labels, and fills the editor', async () => {
    await page.goto(`${lab.backend.queryUrl}/query`);
    await page.locator('button', { hasText: 'Browse metrics' }).click();
    const item = page.locator('.metric-browser li', { hasText: 'app_requests_total' }).first();
    await item.waitFor();
    await item.locator('.metric-more').click();
    await item.locator('.metric-labels', { hasText: /labels: .*endpoint/ }).waitFor();
    await item.locator('button').first().click();
    await page.locator('.cm-content', { hasText: 'app_requests_total' }).waitFor();
    await page.locator('button', { hasText: 'Run' }).click();
    await page.waitForURL(/query=app_requests_total/, { waitUntil: 'commit' });
    await page.locator('.metrics-plot canvas').waitFor();
    assert.deepEqual(pageErrors, []);
  });

  test('exemplar dots on the graph open their traces, and can be hidden', async () => {
    await page.goto(
      `${lab.backend.queryUrl}/query?${new URLSearchParams({ query: P95, range: '5m' })}`,
    );
    await page.locator('.metrics-plot canvas').waitFor();
    const dots = page.locator('.metrics-plot-area a.exemplar');
    await dots.first().waitFor();
    // Span durations lie above and below the p95 line: the axis stretches so every one is drawn.
    const inside = await dots.evaluateAll((links) => {
      const area = links[0]?.closest('.metrics-plot-area')?.querySelector('.u-over');
      const box = area?.getBoundingClientRect();
      return links.every((link) => {
        const dot = link.getBoundingClientRect();
        const [x, y] = [dot.left + dot.width / 2, dot.top + dot.height / 2];
        return (
          !!box &&
          x >= box.left - 1 &&
          x <= box.right + 1 &&
          y >= box.top - 1 &&
          y <= box.bottom + 1
        );
      });
    });
    assert.ok(inside, 'every dot lies over the plotting area');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'metrics-exemplars.png') });

    const toggle = page.locator('label', { hasText: 'exemplars' }).locator('input');
    await toggle.uncheck();
    await page.waitForURL((url) => url.searchParams.get('exemplars') === '0');
    await dots.first().waitFor({ state: 'detached' });
    await page.locator('.metrics-plot canvas').waitFor();
    assert.equal(await dots.count(), 0);
    await toggle.check();
    await page.waitForURL((url) => !url.searchParams.has('exemplars'));
    await dots.first().waitFor();

    // The list below the graph: the highest values first, each opening its trace.
    await page.locator('.exemplar-list summary').click();
    const listed = page.locator('.exemplar-list a[href^="/trace/"]');
    assert.ok((await listed.count()) >= 1);
    assert.match((await listed.first().getAttribute('href')) ?? '', /^\/trace\/[0-9a-f]{32}$/);

    // The last dot is drawn on top: nearby dots can overlap, and the first may be covered.
    const dot = dots.last();
    const href = (await dot.getAttribute('href')) ?? '';
    assert.match(href, /^\/trace\/[0-9a-f]{32}$/);
    assert.match((await dot.getAttribute('title')) ?? '', /^exemplar .+, trace [0-9a-f]{32}$/);
    await dot.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('.span-row').first().waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
