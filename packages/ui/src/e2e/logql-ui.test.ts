import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { postJson } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { openPage, skipWithoutChromium } from './browser.js';
import { type Lab, pollJson, startLab } from './lab.js';

/** Set to a folder to save a screenshot of the LogQL mode. */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;
const XSS = '<img src=x onerror=window.__xss=1>';
const QUERY = '{service_name="demo-app"} |= "order created"';

/** A log record of `log-probe` whose body and attribute are markup, as any exporter could send. */
const probeLog = (body: string) => ({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'log-probe' } }] },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
              severityNumber: 17,
              body: { stringValue: body },
              attributes: [{ key: 'probe.payload', value: { stringValue: XSS } }],
            },
          ],
        },
      ],
    },
  ],
});

/** How this backend answers a metric query now: a matrix, or Loki's plain-text error. */
async function metricAnswer(lab: Lab, query: string): Promise<{ ok: boolean; text: string }> {
  const end = Math.round(Date.now() / 1000);
  const search = new URLSearchParams({ query, start: String(end - 3600), end: String(end) });
  const response = await fetch(`${lab.backend.queryUrl}/loki/api/v1/query_range?${search}`);
  return { ok: response.ok, text: await response.text() };
}

describe("the Logs page's LogQL mode in real Chromium", {
  skip: skipWithoutChromium(),
  timeout: 120_000,
}, () => {
  let lab: Lab;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    lab = await startLab({ name: 'ui-logql-e2e' });
    for (let i = 0; i < 2; i++) {
      assert.equal((await fetch(`${lab.demo.url}/api/orders`, { method: 'POST' })).status, 201);
    }
    const search = new URLSearchParams({ query: QUERY });
    await pollJson<{ data: { result: { values: [string, string][] }[] } }>(
      `${lab.backend.queryUrl}/loki/api/v1/query_range?${search}`,
      (body) => body.data.result.some((s) => s.values.length > 0),
      30_000,
    );
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 800 }));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await lab?.stop();
  });

  test('a typed query, completed from the Loki API, shows its lines, volume and URL', async () => {
    await page.goto(`${lab.backend.queryUrl}/logs?mode=logql`);
    const editor = page.locator('.cm-content');
    await editor.click();
    // Text goes in as input events: key-by-key typing into CodeMirror has hung this headless
    // Chromium now and then. Input starts completion as typing does.
    await page.keyboard.insertText('{service_name="dem');
    // Label values come from /loki/api/v1/label/service_name/values; a click takes one.
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'demo-app' }).first();
    await option.waitFor();
    // CodeMirror ignores a pick from a list shown less than 75 ms ago (its interactionDelay).
    await sleep(200);
    await option.click();
    assert.equal(await editor.textContent(), '{service_name="demo-app');
    await page.keyboard.insertText('"} |= "order created"');
    assert.equal(await editor.textContent(), QUERY);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('query') === QUERY);
    assert.equal(new URL(page.url()).searchParams.get('mode'), 'logql');

    const line = page.locator('.logql-lines .log-line', { hasText: 'order created' }).first();
    await line.waitFor();
    assert.equal(await line.locator('.log-body').textContent(), 'order created');
    assert.equal(await line.locator('.severity').textContent(), 'info');

    // The volume, or its note when the API does not answer metric queries (yet).
    const volume = await metricAnswer(
      lab,
      `sum by (detected_level) (count_over_time(${QUERY}[30s]))`,
    );
    if (volume.ok) {
      await page.locator('.log-volume canvas').waitFor();
      const info = page.locator('.log-volume-legend li[data-level="info"]');
      assert.ok(Number(await info.locator('.muted').textContent()) >= 1);
    } else {
      const note = page.locator('.log-volume-note', { hasText: 'Log volume unavailable' });
      await note.waitFor();
      assert.ok(((await note.textContent()) ?? '').includes(volume.text.trim().slice(0, 40)));
    }

    // A click shows the labels by kind: the trace id is structured metadata.
    await line.locator('.log-time button').click();
    const metadata = page.locator('.log-attrs tbody[data-kind="metadata"]');
    await metadata.locator('th', { hasText: /^trace_id$/ }).waitFor();
    assert.ok(
      (await page.locator('.log-attrs tbody[data-kind="stream"]').textContent())?.includes(
        'service_namedemo-app',
      ),
    );
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'logs-logql.png') });

    // The URL holds query and range: a fresh load shows the same.
    await page.locator('select[aria-label="range"]').selectOption('15m');
    await page.waitForURL((url) => url.searchParams.get('range') === '15m');
    await page.goto(page.url());
    await page.locator('.logql-lines .log-line').first().waitFor();
    assert.equal(await editor.textContent(), QUERY);
    assert.equal(await page.locator('select[aria-label="range"]').inputValue(), '15m');
  });

  test("a line's trace link opens its trace; back returns to the lines", async () => {
    await page.goto(
      `${lab.backend.queryUrl}/logs?${new URLSearchParams({ mode: 'logql', query: QUERY })}`,
    );
    const link = page.locator('.logql-lines .trace-link').first();
    await link.click();
    await page.waitForURL((url) => /^\/trace\/[0-9a-f]{32}$/.test(url.pathname));
    await page.locator('.span-row').first().waitFor();
    await page.goBack();
    await page.locator('.logql-lines .log-line').first().waitFor();
  });

  test('the filter form opens LogQL with its search as the query', async () => {
    await page.goto(`${lab.backend.queryUrl}/logs?service=demo-app&text=order+created&range=15m`);
    await page.locator('.logs-modes a', { hasText: 'LogQL' }).click();
    await page.waitForURL((url) => url.searchParams.get('mode') === 'logql');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('query'), '{service_name="demo-app"} |~ "(?i)order created"');
    assert.equal(url.searchParams.get('range'), '15m');
    await page.locator('.logql-lines .log-line', { hasText: 'order created' }).first().waitFor();
    await page.locator('.logs-modes a', { hasText: 'Filters' }).click();
    await page.locator('.logs-form').waitFor();
  });

  test('a metric query draws a graph, or shows the API error; functions are highlighted', async () => {
    const query = 'sum by (service_name) (count_over_time({service_name="demo-app"}[1m]))';
    await page.goto(
      `${lab.backend.queryUrl}/logs?${new URLSearchParams({ mode: 'logql', query })}`,
    );
    const answer = await metricAnswer(lab, query);
    if (answer.ok) {
      await page.locator('.metrics-plot canvas').waitFor();
      assert.deepEqual(await page.locator('.metrics-legend .series-name').allTextContents(), [
        '{service_name="demo-app"}',
      ]);
    } else {
      const error = page.locator('.metrics-error');
      await error.waitFor();
      assert.ok(((await error.textContent()) ?? '').includes(answer.text.trim().slice(0, 40)));
    }
    // No volume for a metric query.
    assert.equal(await page.locator('.log-volume, .log-volume-note').count(), 0);
    // lezer-logql's tree, tagged: the range function in the function colour (light theme, the
    // default), as in PromQL.
    const fn = page.locator('.cm-line span', { hasText: /^count_over_time$/ });
    const color = await fn.evaluate(
      (el) => el.ownerDocument.defaultView?.getComputedStyle(el).color,
    );
    assert.equal(color, 'rgb(31, 111, 139)');
  });

  test('markup in lines and metadata is text', async () => {
    assert.equal((await postJson(lab.backend.otlpHttpUrl, '/v1/logs', probeLog(XSS))).status, 200);
    const query = '{service_name="log-probe"}';
    await pollJson<{ data: { result: unknown[] } }>(
      `${lab.backend.queryUrl}/loki/api/v1/query_range?${new URLSearchParams({ query })}`,
      (body) => body.data.result.length > 0,
    );
    await page.goto(
      `${lab.backend.queryUrl}/logs?${new URLSearchParams({ mode: 'logql', query })}`,
    );
    const line = page.locator('.logql-lines .log-line').first();
    await line.waitFor();
    assert.equal(await line.locator('.log-body').textContent(), XSS);
    assert.equal(await line.locator('.severity').getAttribute('class'), 'severity sev-error');
    await line.locator('.log-time button').click();
    assert.ok(((await page.locator('.log-attrs').textContent()) ?? '').includes(XSS));
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.deepEqual(pageErrors, []);
  });
});
