import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackendProcess, call, postJson } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { openPage, skipWithoutChromium } from './browser.js';
import { type Lab, startLab } from './lab.js';

/** Set to a folder to save the screenshots the README shows (docs/screenshots). */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;

const XSS = '<img src=x onerror=window.__xss=1>';
const XSS_TRACE = '5ca1ab1e000000000000000000000001';

/** One span whose name and attribute are markup, sent as OTLP/JSON like any exporter would. */
function xssSpan() {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'xss-probe' } }] },
        scopeSpans: [
          {
            scope: { name: 'e2e' },
            spans: [
              {
                traceId: XSS_TRACE,
                spanId: '5ca1ab1e00000001',
                name: XSS,
                kind: 2,
                startTimeUnixNano: String(now - 5_000_000n),
                endTimeUnixNano: String(now),
                attributes: [{ key: 'probe.payload', value: { stringValue: XSS } }],
              },
            ],
          },
        ],
      },
    ],
  };
}

const BIG_TRACE = '0b160000000000000000000000010000';
const BIG_SPANS = 10_000;

/** A 10,000-span trace, each span the child of span (i-1)/4: five levels of fan-out. */
function bigTrace() {
  const now = BigInt(Date.now()) * 1_000_000n;
  const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
  const spans = Array.from({ length: BIG_SPANS }, (_, i) => ({
    traceId: BIG_TRACE,
    spanId: id(i),
    parentSpanId: i === 0 ? '' : id(Math.floor((i - 1) / 4)),
    name: `step-${i}`,
    kind: 1,
    startTimeUnixNano: String(now - 1_000_000_000n + BigInt(i) * 50_000n),
    endTimeUnixNano: String(now - 500_000_000n + BigInt(i) * 40_000n),
  }));
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'big-trace' } }] },
        scopeSpans: [{ scope: { name: 'e2e' }, spans }],
      },
    ],
  };
}

interface JaegerTraces {
  data: {
    traceID: string;
    spans: { operationName: string }[];
    processes: Record<string, { serviceName: string }>;
  }[];
}

describe('the traces UI in real Chromium', { skip: skipWithoutChromium() }, () => {
  let lab: Lab;
  let backend: BackendProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-e2e', serviceEnv: { SLOW_PAYMENT_RATE: '0.3' } });
    backend = lab.backend;
    const demo = lab.demo;
    for (let i = 0; i < 4; i++) {
      assert.equal((await call(demo.url, 'POST', '/api/orders')).status, 201);
      assert.equal((await call(demo.url, 'GET', '/api/products')).status, 200);
    }
    assert.equal((await postJson(backend.otlpHttpUrl, '/v1/traces', xssSpan())).status, 200);
    assert.equal((await postJson(backend.otlpHttpUrl, '/v1/traces', bigTrace())).status, 200);
    // Until an order trace holds both services' spans (each service exports on its own).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const query = new URLSearchParams({ service: 'demo-app', operation: 'POST /api/orders' });
      const response = await fetch(`${backend.queryUrl}/api/traces?${query}`);
      const body = (await response.json()) as JaegerTraces;
      const complete = body.data.filter(
        (trace) =>
          trace.spans.length >= 5 &&
          new Set(Object.values(trace.processes).map((p) => p.serviceName)).size >= 2,
      );
      if (complete.length >= 4) break;
      if (Date.now() > deadline)
        throw new Error(`order traces incomplete: ${JSON.stringify(body)}`);
      await sleep(100);
    }
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 760 }));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test("/search, as Jaeger UI links it, finds demo-app's order traces", async () => {
    await page.goto(`${backend.queryUrl}/search?service=demo-app&lookback=1h&limit=20`);
    await page.locator('.result').first().waitFor();
    const titles = await page.locator('.result-title').allTextContents();
    assert.ok(
      titles.some((title) => title === 'demo-app: POST /api/orders'),
      titles.join(', '),
    );
    assert.ok((await page.locator('.scatter .point').count()) >= 4);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'search.png') });
  });

  test('the theme toggle flips the theme and remembers it', async () => {
    // The theme is applied after the render, so wait for it rather than read it at once.
    const themed = (theme: string) =>
      page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached', timeout: 5000 });
    const before = (await page.locator('html').getAttribute('data-theme')) ?? 'light';
    const after = before === 'dark' ? 'light' : 'dark';
    await page.locator('.theme-toggle').click();
    await themed(after);
    await page.reload();
    await page.locator('.result').first().waitFor();
    await themed(after);
    await page.locator('.theme-toggle').click();
    await themed(before);
  });

  test('an order trace opens with at least five spans from two services', async () => {
    await page.locator('.result', { hasText: 'demo-app: POST /api/orders' }).first().click();
    await page.locator('.span-row').nth(4).waitFor();
    await page.waitForURL((url) => /^\/trace\/[0-9a-f]{32}$/.test(url.pathname));
    const services = new Set(await page.locator('.span-row .service-name').allTextContents());
    assert.deepEqual([...services].sort(), ['demo-app', 'payment-service']);
    const operations = await page.locator('.span-row .operation-name').allTextContents();
    for (const name of ['POST /api/orders', 'process_order', 'process_payment', 'charge']) {
      assert.ok(operations.includes(name), `${name} in ${operations.join(', ')}`);
    }
    // Keys move through the waterfall; Enter opens the span's details.
    await page.locator('.waterfall-rows').focus();
    await page.keyboard.press('ArrowDown');
    await page
      .locator('.span-row[aria-selected="true"] .operation-name', { hasText: /^process_order$/ })
      .waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.span-details').waitFor();
    assert.equal(await page.locator('.span-details h3').textContent(), 'demo-app: process_order');
    // The slowest span is one click away.
    await page.locator('button', { hasText: 'Slowest:' }).click();
    await page.waitForURL(/[?&]span=[0-9a-f]{16}/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'trace.png') });
    // Back returns to the search.
    await page.goBack();
    await page.locator('.result').first().waitFor();
    await page.waitForURL((url) => url.pathname === '/search');
  });

  test("an API error is shown in the API's own words", async () => {
    await page.goto(`${backend.queryUrl}/search?service=demo-app&minDuration=fast`);
    const error = page.locator('.results .error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /^400 Bad Request: .*minDuration/);
  });

  test('markup in telemetry shows as text and runs nothing', async () => {
    await page.goto(`${backend.queryUrl}/trace/${XSS_TRACE}`);
    await page.locator('.span-row').first().click();
    await page.locator('.span-details').waitFor();
    const details = (await page.locator('.span-details').textContent()) ?? '';
    assert.ok(details.includes(XSS), details);
    assert.equal(await page.locator('.operation-name').first().textContent(), XSS);
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.deepEqual(pageErrors, []);
  });

  test('a 10,000-span trace draws only the rows in view', async (t) => {
    const started = Date.now();
    // By the top bar's trace id lookup, as a person with an id from a log line would.
    await page.locator('input[name=traceId]').fill(BIG_TRACE);
    await page.keyboard.press('Enter');
    await page.locator('.trace-facts', { hasText: '10000 spans' }).waitFor();
    await page.locator('.span-row').first().waitFor();
    t.diagnostic(`10,000 spans: first rows after ${Date.now() - started} ms`);
    await page.waitForURL((url) => url.pathname === `/trace/${BIG_TRACE}`);
    assert.ok((await page.locator('.span-row').count()) < 100);
    await page.locator('.waterfall-rows').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    // The last row, depth first: the last child of the last child, down to a leaf.
    let last = 0;
    while (4 * last + 4 < BIG_SPANS) last = 4 * last + 4;
    await page.locator('.operation-name', { hasText: new RegExp(`^step-${last}$`) }).waitFor();
    assert.ok((await page.locator('.span-row').count()) < 100);
  });
});
