import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BackendProcess,
  call,
  freePort,
  type ServiceProcess,
  startBackendProcess,
  startServiceProcess,
} from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, skipWithoutChromium } from './browser.js';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const UI_BUILD = join(ROOT, 'packages', 'ui', 'dist', 'web', 'index.html');
/** Set to a folder to save a screenshot of the explorer. */
const SCREENSHOTS = process.env.OTEL_LAB_SCREENSHOTS;

describe('the metrics explorer in real Chromium', { skip: skipWithoutChromium() }, () => {
  let dir: string;
  let backend: BackendProcess;
  let demo: ServiceProcess | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(UI_BUILD), `${UI_BUILD} is missing: run npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'ui-metrics-e2e-'));
    const port = await freePort();
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: demo-app\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
    );
    backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
      '--data-dir',
      join(dir, 'data'),
      '--scrape-config',
      config,
    ]);
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
    );
    demo = await startServiceProcess({
      script: join(ROOT, 'demo-app', 'dist', 'main.js'),
      port,
      env: {
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: backend.otlpHttpUrl,
        DATA_DIR: join(dir, 'shop'),
      },
    });
    for (let i = 0; i < 5; i++) {
      assert.equal((await call(demo.url, 'GET', '/api/products')).status, 200);
    }
    // Until a scrape has stored the counter.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(`${backend.queryUrl}/api/v1/query?query=app_requests_total`);
      const body = (await response.json()) as { data?: { result?: unknown[] } };
      if ((body.data?.result?.length ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`no app_requests_total: ${JSON.stringify(body)}`);
      await sleep(200);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/metrics?query=app_requests_total draws a graph with a series', async () => {
    await page.goto(`${backend.queryUrl}/metrics?query=app_requests_total&range=5m`);
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

  test('the editor completes metric names from the backend', async () => {
    await page.goto(`${backend.queryUrl}/metrics`);
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
    await page.goto(`${backend.queryUrl}/metrics?query=${encodeURIComponent('sum(rate(')}`);
    const error = page.locator('.metrics-error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    assert.match(text, /bad_data/);
    assert.match(text, /\d+:\d+/);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'metrics-error.png') });
  });

  test('the metric browser lists names with help and labels, and fills the editor', async () => {
    await page.goto(`${backend.queryUrl}/metrics`);
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
});
