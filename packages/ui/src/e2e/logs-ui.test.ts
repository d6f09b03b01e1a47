import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BackendProcess, call, postJson } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { openPage, skipWithoutChromium } from './browser.js';
import { type Lab, pollJson, startLab } from './lab.js';

/** Set to a folder to save screenshots of the three views. */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const XSS = '<img src=x onerror=window.__xss=1>';

/** Log records of `service` with these bodies, all stamped with the same time `timeNs`. */
function sameTimeLogs(service: string, timeNs: bigint, bodies: string[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeLogs: [
          {
            scope: { name: 'e2e' },
            logRecords: bodies.map((body) => ({
              timeUnixNano: String(timeNs),
              severityNumber: 9,
              body: { stringValue: body },
            })),
          },
        ],
      },
    ],
  };
}

/** One log record whose body and attribute are markup, as any exporter could send. */
function xssLog(body: string) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'log-probe' } }] },
        scopeLogs: [
          {
            scope: { name: 'e2e' },
            logRecords: [
              {
                timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                severityNumber: 17,
                severityText: 'ERROR',
                body: { stringValue: body },
                attributes: [{ key: 'probe.payload', value: { stringValue: XSS } }],
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Polls a backend URL until `done` says its JSON is ready. */
describe('the logs, service map and status UI in real Chromium', {
  skip: skipWithoutChromium(),
}, () => {
  let lab: Lab;
  let backend: BackendProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-logs-e2e' });
    backend = lab.backend;
    const demo = lab.demo;
    for (let i = 0; i < 2; i++) {
      assert.equal((await call(demo.url, 'POST', '/api/orders')).status, 201);
    }
    await pollJson<{ logs: { traceId: string }[] }>(
      `${backend.queryUrl}/api/logs?service=demo-app&text=order+created`,
      (body) => body.logs.some((log) => /^[0-9a-f]{32}$/.test(log.traceId)),
    );
    await pollJson<{ edges: { parent: string; child: string }[] }>(
      `${backend.queryUrl}/api/service-map`,
      (body) => body.edges.some((e) => e.parent === 'demo-app' && e.child === 'payment-service'),
    );
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 760 }));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('/logs shows "order created", its attributes, and its line opens the trace', async () => {
    await page.goto(`${backend.queryUrl}/logs?service=demo-app&text=order+created`);
    const line = page.locator('.log-line', { hasText: 'order created' }).first();
    await line.waitFor();
    assert.equal(await line.locator('.log-body').textContent(), 'order created');
    assert.equal(await line.locator('.severity').textContent(), 'INFO');
    await line.locator('.log-time button').click();
    await page
      .locator('.log-attrs th', { hasText: /^order\.id$/ })
      .first()
      .waitFor();
    // The filters came from the URL and stay in the form.
    assert.equal(await page.locator('input[name=text]').inputValue(), 'order created');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'logs.png') });
    await line.locator('.trace-link').click();
    await page.waitForURL((url) => /^\/trace\/[0-9a-f]{32}$/.test(url.pathname));
    await page.locator('.span-row').first().waitFor();
    assert.match(new URL(page.url()).search, /^\?span=[0-9a-f]{16}$/);
    await page.goBack();
    await page.locator('.log-line').first().waitFor();
  });

  test('the live tail shows a new line, markup as text', async () => {
    await page.goto(`${backend.queryUrl}/logs?service=log-probe&live=1`);
    await page.locator('.notice', { hasText: 'No logs match' }).waitFor();
    assert.equal((await postJson(backend.otlpHttpUrl, '/v1/logs', xssLog(XSS))).status, 200);
    const line = page.locator('.log-line').first();
    await line.waitFor({ timeout: 10_000 });
    assert.equal(await line.locator('.log-body').textContent(), XSS);
    assert.equal(await line.locator('.severity').getAttribute('class'), 'severity sev-error');
    assert.equal((await postJson(backend.otlpHttpUrl, '/v1/logs', xssLog('second'))).status, 200);
    await page.locator('.log-line', { hasText: 'second' }).waitFor({ timeout: 10_000 });
    // The tail adds the new line once, above the first.
    assert.deepEqual(await page.locator('.log-line .log-body').allTextContents(), ['second', XSS]);
    await page.locator('.log-line .log-time button').nth(1).click();
    assert.ok(((await page.locator('.log-attrs').textContent()) ?? '').includes(XSS));
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
  });

  test('records sharing one time: "Load older" and the live tail show each once', async () => {
    const timeNs = BigInt(Date.now()) * 1_000_000n;
    const bodies = Array.from({ length: 250 }, (_, i) => `tie ${i}`);
    const sent = await postJson(
      backend.otlpHttpUrl,
      '/v1/logs',
      sameTimeLogs('tie-probe', timeNs, bodies),
    );
    assert.equal(sent.status, 200);
    await page.goto(`${backend.queryUrl}/logs?service=tie-probe`);
    const shown = page.locator('.log-line .log-body');
    await page.locator('.load-older').waitFor();
    assert.equal(await shown.count(), 200);
    await page.locator('.load-older').click();
    await page.locator('.load-older').waitFor({ state: 'detached' });
    assert.deepEqual((await shown.allTextContents()).sort(), [...bodies].sort());

    await page.goto(`${backend.queryUrl}/logs?service=tie-probe&live=1`);
    await page.locator('.log-line').first().waitFor();
    const late = sameTimeLogs('tie-probe', timeNs, ['tie late']);
    assert.equal((await postJson(backend.otlpHttpUrl, '/v1/logs', late)).status, 200);
    await page.locator('.log-line', { hasText: 'tie late' }).waitFor({ timeout: 10_000 });
    assert.equal(await shown.count(), 201);
  });

  test('/map shows demo-app calling payment-service; a service opens its traces', async () => {
    await page.goto(`${backend.queryUrl}/map`);
    const edge = page.locator('.map-edge[data-parent="demo-app"][data-child="payment-service"]');
    await edge.waitFor();
    assert.match((await edge.locator('text').textContent()) ?? '', /\/(s|min) · .*% err · p95 /);
    const demo = page.locator('.map-node[data-service="demo-app"]');
    const payment = page.locator('.map-node[data-service="payment-service"]');
    const x = async (node: typeof demo) => Number(await node.locator('rect').getAttribute('x'));
    assert.ok((await x(demo)) < (await x(payment)), 'callers left of callees');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'service-map.png') });
    await demo.click();
    await page.waitForURL((url) => url.pathname === '/search');
    assert.equal(new URL(page.url()).searchParams.get('service'), 'demo-app');
    await page.locator('.result').first().waitFor();
  });

  test('/status shows what is stored against the limits', async () => {
    await page.goto(`${backend.queryUrl}/status`);
    await page.locator('.status-counts th', { hasText: 'spans' }).waitFor();
    const spans = await page
      .locator('.status-counts tr', { hasText: 'spans' })
      .locator('td')
      .textContent();
    assert.ok(Number((spans ?? '0').replace(/,/g, '')) > 0, `spans: ${spans}`);
    assert.match(
      (await page.locator('.status-bar').first().textContent()) ?? '',
      /in use: .* of 1 GiB/,
    );
    assert.match(
      (await page.locator('.status-card', { hasText: 'Memory' }).textContent()) ?? '',
      /database: .* of 128 MiB.*The backend process holds \d/,
    );
    assert.match(
      (await page.locator('.status-card', { hasText: 'Ingest' }).textContent()) ?? '',
      /requests in flight.* of 256 MiB/,
    );
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'status.png') });
    assert.deepEqual(pageErrors, []);
  });
});
