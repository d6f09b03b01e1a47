import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { call } from '@otel-lab/testkit';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { openPage, recordQueryRanges, skipWithoutChromium, waitUntil } from './browser.js';
import { type Lab, pollJson, startLab } from './lab.js';

/** Set to a folder to save the heatmap screenshot the README shows (docs/screenshots). */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const CLASSIC = 'rate(app_request_duration_seconds_bucket{job="demo-app"}[1m])';
const NATIVE = 'rate(app_request_duration_seconds{job="demo-app"}[1m])';
/** The cumulative native histogram the backend stores from demo-app's OTLP push. */
const NATIVE_STORED = 'app_request_duration_seconds{job="demo-app"}';

/** Traffic to demo-app: orders (which call payment-service) and product lists. */
async function traffic(url: string, rounds: number) {
  for (let i = 0; i < rounds; i++) {
    await call(url, 'POST', '/api/orders');
    await call(url, 'GET', '/api/products');
  }
}

/**
 * A range answer with native histograms exactly as Prometheus 3 writes it: `histograms` instead
 * of `values`, buckets [rule, lower, upper, count] with per-bucket counts, empty ones left out.
 * Exponential buckets of schema 3 (2^(1/8) apart), 78 of them over the range, so the heatmap must merge rows;
 * the busiest bucket moves over time. histogram_quantile queries get a float line each.
 */
function prometheus3Answer(url: URL) {
  const query = url.searchParams.get('query') ?? '';
  const start = Number(url.searchParams.get('start'));
  const end = Number(url.searchParams.get('end'));
  const step = Number(url.searchParams.get('step'));
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  const quantile = /^histogram_quantile\(([\d.]+),/.exec(query);
  if (quantile) {
    const q = Number(quantile[1]);
    return {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [{ metric: {}, values: times.map((t) => [t, String(0.02 + q * 0.1)]) }],
      },
    };
  }
  const histograms = times.map((t, i) => {
    const peak = -50 + ((i * 3) % 40);
    const buckets: [number, string, string, string][] = [];
    let count = 0;
    for (let index = -80; index < 10; index++) {
      const c = Math.max(0, 20 - Math.abs(index - peak));
      if (c === 0) continue;
      count += c;
      buckets.push([0, String(2 ** ((index - 1) / 8)), String(2 ** (index / 8)), String(c)]);
    }
    return [t, { count: String(count), sum: String(count * 0.05), buckets }];
  });
  return {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [{ metric: { job: 'demo-app' }, histograms }],
    },
  };
}

/** An instant answer with one native histogram sample, as Prometheus 3 writes it. */
async function answerInstantNative(route: Route) {
  const histogram = {
    count: '10',
    sum: '0.5',
    buckets: [
      [0, '0.03125', '0.0340636711', '4'],
      [0, '0.0340636711', '0.0371307212', '6'],
    ],
  };
  await route.fulfill({
    json: {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [{ metric: { job: 'demo-app' }, histogram: [Date.now() / 1000, histogram] }],
      },
    },
  });
}

async function answerNative(route: Route) {
  await route.fulfill({ json: prometheus3Answer(new URL(route.request().url())) });
}

/**
 * Pixels of the heatmap's orange cells on its canvas (red well above blue: the axes are grey and
 * the quantile lines blue, green and purple), and one of them in page coordinates.
 */
async function cellPixels(heatmap: Locator) {
  const canvas = heatmap.locator('canvas');
  const found = await canvas.evaluate((element) => {
    const c = element as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
    };
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let count = 0;
    let at: [number, number] | null = null;
    for (let i = 0; i < data.length; i += 4) {
      const [r, , b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
      if (a > 200 && r - b > 60) {
        count++;
        at ??= [(i / 4) % c.width, Math.floor(i / 4 / c.width)];
      }
    }
    return { count, at, width: c.width };
  });
  const box = await canvas.boundingBox();
  assert.ok(box, 'the heatmap canvas is on screen');
  const scale = found.width / box.width;
  const point = found.at && {
    x: box.x + (found.at[0] + 2) / scale,
    y: box.y + (found.at[1] + 2) / scale,
  };
  return { count: found.count, point };
}

/** Points at a drawn cell and returns the tooltip's bucket and count. */
async function hoverCell(page: Page, heatmap: Locator) {
  const { count, point } = await cellPixels(heatmap);
  assert.ok(count > 200 && point, `${count} cell pixels`);
  await page.mouse.move(point.x, point.y);
  await heatmap.locator('.heatmap-tooltip').waitFor();
  return {
    bucket: (await heatmap.locator('.heatmap-bucket').textContent()) ?? '',
    count: (await heatmap.locator('.heatmap-count').textContent()) ?? '',
  };
}

describe('heatmaps in real Chromium', { skip: skipWithoutChromium() }, () => {
  let lab: Lab;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    // The services also push their histograms over OTLP as exponential histograms, which the
    // backend stores as native histograms; /metrics, scraped every second, stays classic.
    lab = await startLab({
      name: 'ui-heatmap-e2e',
      scrapeEverySecond: true,
      serviceEnv: {
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION:
          'base2_exponential_bucket_histogram',
      },
    });
    // Over several scrapes, so rate() over the buckets has increases to work on in many steps.
    for (let round = 0; round < 6; round++) {
      await traffic(lab.demo.url, 4);
      await sleep(1500);
    }
    await pollJson<{ data?: { result?: { value: [number, string] }[] } }>(
      `${lab.backend.queryUrl}/api/v1/query?${new URLSearchParams({ query: `sum(${CLASSIC})` })}`,
      (body) => Number(body.data?.result?.[0]?.value[1]) > 0,
      60_000,
    );
    await pollJson<{ data?: { result?: { histogram?: unknown }[] } }>(
      `${lab.backend.queryUrl}/api/v1/query?${new URLSearchParams({ query: NATIVE_STORED })}`,
      (body) => body.data?.result?.some((sample) => sample.histogram) === true,
      60_000,
    );
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 900 }));
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('the explorer draws classic buckets as a heatmap with p50/p90/p99 lines', async () => {
    const recorded = recordQueryRanges(page);
    const search = new URLSearchParams({ query: CLASSIC, range: '1m', quantiles: '1' });
    await page.goto(`${lab.backend.queryUrl}/query?${search}`);
    const heatmap = page.locator('.metrics-result .heatmap');
    await heatmap.locator('canvas').waitFor();
    assert.ok(Number(await heatmap.getAttribute('data-cells')) > 0);
    // DURATION_BUCKETS_SECONDS: a dozen classic buckets, each a row.
    assert.ok(Number(await heatmap.getAttribute('data-rows')) >= 5);
    const { bucket, count } = await hoverCell(page, heatmap);
    assert.match(bucket, /^\(\S+, \S+\]$/);
    assert.match(count, /^[\d.]+[kM]?$/);
    assert.notEqual(count, '0');
    assert.deepEqual(await heatmap.locator('.heatmap-line').allTextContents(), [
      'p50',
      'p90',
      'p99',
    ]);
    // The lines are the engine's histogram_quantile over the sum the heatmap shows.
    await waitUntil(
      () =>
        recorded.ranges.some(
          (q) => q.get('query') === `histogram_quantile(0.99, sum by (le) (${CLASSIC}))`,
        ),
      () => recorded.ranges.map((q) => q.get('query')).join(' | '),
    );
    recorded.stop();
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'heatmap.png') });
    }
    // Unticked, the same buckets are lines again, one per le.
    await page.locator('label', { hasText: 'heatmap' }).locator('input').uncheck();
    await page.locator('.metrics-legend .series-name').first().waitFor();
    const names = await page.locator('.metrics-legend .series-name').allTextContents();
    assert.ok(
      names.every((name) => name.includes('le="')),
      names.join(', '),
    );
    assert.deepEqual(pageErrors, []);
  });

  test('the explorer draws the native histograms the services push, as the backend answers them', async () => {
    const search = new URLSearchParams({ query: NATIVE_STORED, range: '1m' });
    await page.goto(`${lab.backend.queryUrl}/query?${search}`);
    const heatmap = page.locator('.metrics-result .heatmap');
    await heatmap.locator('canvas').waitFor({ timeout: 30_000 });
    assert.ok(Number(await heatmap.getAttribute('data-cells')) > 0);
    const { bucket, count } = await hoverCell(page, heatmap);
    // Exponential buckets: bounds 2^(k/2^scale) apart, not the classic 5 ms, 10 ms, 25 ms.
    assert.match(bucket, /^\([\d.]+(ms|s|µs), [\d.]+(ms|s|µs)\]$/);
    assert.ok(Number(count) > 0, count);
    assert.deepEqual(pageErrors, []);
  });

  test("the explorer draws Prometheus 3's native histogram JSON, merging finer buckets to at most 60 rows", async () => {
    await page.route('**/api/v1/query_range?*', answerNative);
    try {
      const search = new URLSearchParams({ query: NATIVE, range: '5m', quantiles: '1' });
      await page.goto(`${lab.backend.queryUrl}/query?${search}`);
      const heatmap = page.locator('.metrics-result .heatmap');
      await heatmap.locator('canvas').waitFor();
      // 78 non-empty buckets over the range, merged two by two.
      assert.equal(await heatmap.getAttribute('data-rows'), '39');
      assert.match(
        (await heatmap.locator('.heatmap-note').textContent()) ?? '',
        /2 merged into each/,
      );
      const { bucket, count } = await hoverCell(page, heatmap);
      // Seconds, the unit guessed from the metric's name; the boundary rule 0 gives (…].
      assert.match(bucket, /^\([\d.]+(ms|s|µs), [\d.]+(ms|s|µs)\]$/);
      assert.ok(Number(count) > 0, count);
      assert.deepEqual(await heatmap.locator('.heatmap-line').allTextContents(), [
        'p50',
        'p90',
        'p99',
      ]);
      // The table tab shows the histogram sample an instant query answers (Prometheus 3's
      // `histogram` in place of `value`).
      await page.route('**/api/v1/query?*', answerInstantNative);
      await page.locator('.metrics-tabs button', { hasText: 'Table' }).click();
      await page.locator('.metrics-table td.num', { hasText: 'histogram: count 10' }).waitFor();
      assert.match(
        (await page.locator('.metrics-table').textContent()) ?? '',
        /histogram: count 10, sum 0\.5, 2 buckets/,
      );
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.unroute('**/api/v1/query_range?*', answerNative);
      await page.unroute('**/api/v1/query?*', answerInstantNative);
    }
  });

  test("the lab dashboard's latency heatmap panel draws its buckets", async () => {
    await page.goto(`${lab.backend.queryUrl}/dashboards`);
    await page.locator('.dashboard-list a', { hasText: 'otel-lab: demo-app' }).click();
    const panel = page.locator('.panel[data-panel-type="heatmap"]', {
      has: page.locator('.panel-title', { hasText: 'Request latency heatmap' }),
    });
    const heatmap = panel.locator('.heatmap:not([data-cells="0"])');
    await panel.scrollIntoViewIfNeeded();
    if (process.env.HEATMAP_DEBUG)
      await page.screenshot({ path: '/tmp/heatmap-dash.png', fullPage: true });
    await heatmap.locator('canvas').waitFor({ timeout: 30_000 });
    await panel.scrollIntoViewIfNeeded();
    const { bucket, count } = await hoverCell(page, heatmap);
    // The panel's y axis unit is seconds (options.yAxis.unit "s").
    assert.match(bucket, /^\(\S+ ?\w*, \S+ ?\w*\]$/);
    assert.notEqual(count, '0');
    assert.deepEqual(pageErrors, []);
  });

  test('a dashboard heatmap panel over the stored native histograms draws them', async () => {
    const dashboard = {
      uid: 'native-heatmap',
      title: 'native heatmap',
      panels: [
        {
          id: 1,
          type: 'heatmap',
          title: 'Native latency',
          gridPos: { x: 0, y: 0, w: 24, h: 10 },
          datasource: { type: 'prometheus', uid: 'prometheus' },
          targets: [{ refId: 'A', expr: NATIVE_STORED }],
          options: { calculate: false, yAxis: { unit: 's' } },
        },
      ],
    };
    // Only the dashboard file is the test's (the lab serves the repository's dashboards/); its
    // query is answered by the backend from what the services pushed.
    const serveDashboard = (route: Route) => route.fulfill({ json: dashboard });
    await page.route('**/api/dashboards/native-heatmap', serveDashboard);
    try {
      await page.goto(`${lab.backend.queryUrl}/dashboards`);
      // In-app navigation, as a link click does (the list has no entry for this dashboard).
      await page.evaluate(
        "history.pushState(null, '', '/dashboards/native-heatmap'); dispatchEvent(new PopStateEvent('popstate'))",
      );
      const heatmap = page.locator('.panel[data-panel-type="heatmap"] .heatmap');
      await heatmap.locator('canvas').waitFor();
      assert.ok(Number(await heatmap.getAttribute('data-cells')) > 0);
      const { bucket, count } = await hoverCell(page, heatmap);
      assert.match(bucket, /^\(.+, .+\]$/);
      assert.ok(Number(count) > 0, count);
      assert.deepEqual(pageErrors, []);
    } finally {
      await page.unroute('**/api/dashboards/native-heatmap', serveDashboard);
    }
  });
});
