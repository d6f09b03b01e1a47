import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendProcess, call } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import {
  dragAcross,
  openPage,
  recordQueryRanges,
  skipWithoutChromium,
  waitUntil,
} from './browser.js';
import { type Lab, startLab } from './lab.js';

/** Set to a folder to save the screenshots the README shows (docs/screenshots). */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;

/** Traffic to demo-app: orders (which call payment-service) and product lists. */
async function traffic(url: string, rounds: number) {
  for (let i = 0; i < rounds; i++) {
    await call(url, 'POST', '/api/orders');
    await call(url, 'GET', '/api/products');
  }
}

describe('the dashboards UI in real Chromium', { skip: skipWithoutChromium() }, () => {
  let lab: Lab;
  let backend: BackendProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-dashboards-e2e', scrapeEverySecond: true });
    backend = lab.backend;
    const demo = lab.demo;
    // Two scrapes apart, so rate() over the histogram has an increase to work on.
    await traffic(demo.url, 5);
    await sleep(2500);
    await traffic(demo.url, 5);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const expr =
        'histogram_quantile(0.95, sum by (le) (rate(app_request_duration_seconds_bucket{job="demo-app"}[5m])))';
      const response = await fetch(
        `${backend.queryUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`,
      );
      const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
      const value = Number(body.data?.result?.[0]?.value[1]);
      if (Number.isFinite(value) && value > 0) break;
      if (Date.now() > deadline) throw new Error(`no P95 yet: ${JSON.stringify(body)}`);
      await traffic(demo.url, 2);
      await sleep(500);
    }
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 900 }));
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('/dashboards lists the lab dashboard and opens it', async () => {
    await page.goto(`${backend.queryUrl}/dashboards`);
    await page.locator('.dashboard-list a', { hasText: 'otel-lab: demo-app' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboards/otel-lab-demo-app');
    await page.locator('.dashboard-grid .panel').nth(6).waitFor();
  });

  test('the P95 panel draws data, the stat and traces panels fill in', async () => {
    const p95 = page.locator('.panel', {
      has: page.locator('.panel-title', { hasText: /^P95 latency$/ }),
    });
    await p95.locator('.timeseries:not([data-points="0"]) canvas').waitFor({ timeout: 15_000 });
    assert.ok(Number(await p95.locator('.timeseries').getAttribute('data-points')) > 0);
    assert.match((await p95.locator('.u-legend').textContent()) ?? '', /p95/);
    const errorRate = page.locator('.panel', {
      has: page.locator('.panel-title', { hasText: 'Error rate' }),
    });
    await errorRate.locator('.stat-value', { hasText: /%$/ }).waitFor();
    const traces = page.locator('.panel', {
      has: page.locator('.panel-title', { hasText: 'Slowest recent traces' }),
    });
    const link = traces.locator('a[href^="/trace/"]').first();
    await link.waitFor();
    assert.match((await link.getAttribute('href')) ?? '', /^\/trace\/[0-9a-f]{32}$/);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    }
  });

  test('exemplar dots on the span metrics P95 panel open their traces', async () => {
    const spans = page.locator('.panel', {
      has: page.locator('.panel-title', { hasText: /^Server span P95 by service/ }),
    });
    // Generous: with other browser tests beside it on two cores, the first flush can be slow.
    const deadline = Date.now() + 60_000;
    // Span metrics are written every second: query again until the panel has them.
    while ((await spans.locator('a.exemplar').count()) === 0) {
      if (Date.now() > deadline) throw new Error('no exemplar markers on the span metrics panel');
      await page.locator('.dashboard-bar button', { hasText: '↻' }).click();
      await sleep(1000);
    }
    // The last dot is drawn on top: nearby dots can overlap, and the first may be covered.
    const dot = spans.locator('a.exemplar').last();
    const href = (await dot.getAttribute('href')) ?? '';
    assert.match(href, /^\/trace\/[0-9a-f]{32}$/);
    assert.match((await spans.locator('.u-legend').textContent()) ?? '', /demo-app/);
    await dot.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('.span-row').first().waitFor();
    await page.goBack();
    await page.locator('.dashboard-grid .panel').nth(6).waitFor();
  });

  test('dragging across a time series panel zooms the dashboard; back undoes it', async () => {
    const before = page.url();
    const recorded = recordQueryRanges(page);
    const over = page
      .locator('.panel', { has: page.locator('.u-over') })
      .first()
      .locator('.u-over');
    await dragAcross(page, over, 0.25, 0.75);
    await page.waitForURL((url) => /^\d+$/.test(url.searchParams.get('from') ?? ''));
    const url = new URL(page.url());
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    assert.ok(from < to && to <= Date.now(), `${from} .. ${to}`);
    // The picker names the window by its times, and every panel is queried for it again.
    const picker = page.locator('select[aria-label="time range"]');
    assert.match(
      (await picker.locator('option:checked').textContent()) ?? '',
      /\d\d:\d\d:\d\d – .*\d\d:\d\d:\d\d/,
    );
    const zoomed = (q: URLSearchParams) =>
      q.get('start') === String(from / 1000) && q.get('end') === String(to / 1000);
    // Every Prometheus panel (six of the seven) asks for the zoomed window.
    await waitUntil(
      () => recorded.ranges.filter(zoomed).length >= 6,
      () => `not every panel queried ${from}..${to}: ${recorded.ranges.join(' | ')}`,
    );
    recorded.stop();
    await page.goBack();
    await page.waitForURL(before);
  });

  test('range, refresh and variables live in the URL', async () => {
    await page.locator('select[aria-label="time range"]').selectOption('now-1h');
    await page.locator('select[aria-label="auto refresh"]').selectOption('10s');
    await page.waitForURL(
      (url) =>
        url.searchParams.get('from') === 'now-1h' && url.searchParams.get('refresh') === '10s',
    );
    await page
      .locator('select[aria-label="Endpoint"] option', { hasText: '/api/orders' })
      .waitFor({ state: 'attached' });
    await page.locator('select[aria-label="Endpoint"]').selectOption(['/api/orders']);
    await page.waitForURL(
      (url) => url.searchParams.getAll('var-endpoint').join() === '/api/orders',
    );
    // Away and back: the view is rebuilt from the URL alone. (A reload of /dashboards/{uid} needs
    // the backend to serve the app at that path.)
    await page.locator('.topbar nav a', { hasText: 'Traces' }).click();
    await page.waitForURL((url) => url.pathname === '/search');
    await page.goBack();
    await page.locator('select[aria-label="time range"]').waitFor();
    assert.equal(await page.locator('select[aria-label="time range"]').inputValue(), 'now-1h');
    assert.equal(await page.locator('select[aria-label="auto refresh"]').inputValue(), '10s');
    const chosen = await page
      .locator('select[aria-label="Endpoint"] option:checked')
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    assert.deepEqual(chosen, ['/api/orders']);
    const p95 = page.locator('.panel', {
      has: page.locator('.panel-title', { hasText: /^P95 latency$/ }),
    });
    await p95.locator('.timeseries:not([data-points="0"]) canvas').waitFor({ timeout: 15_000 });
    assert.deepEqual(pageErrors, []);
  });
});
