import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BackendProcess, startBackendProcess } from '@otel-lab/testkit';
import type { Browser, Page } from 'playwright-core';
import { openPage, skipWithoutChromium } from './browser.js';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');

// The Alerts page over a backend that evaluates real rules (alerts-ui.test.ts covers the page
// against a fixed answer): what the rule manager and /api/v1/rules report reaches the page.
const RULES = `groups:
- name: live
  interval: 1s
  rules:
  - alert: AlwaysFiring
    expr: vector(1)
    labels: { severity: page }
    annotations: { summary: 'fires with value {{ $value }}' }
  - alert: PendingForAnHour
    expr: vector(2)
    for: 1h
  # Two series that the rule's label makes one: an evaluation error, kept on the rule.
  - record: lab:clash
    expr: label_replace(vector(1), "a", "x", "", "") or label_replace(vector(2), "a", "y", "", "")
    labels: { a: same }
`;

describe('the alerts page over a backend evaluating rules, in real Chromium', {
  skip: skipWithoutChromium(),
}, () => {
  let dir: string;
  let backend: BackendProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ui-alerts-live-'));
    writeFileSync(join(dir, 'live.yml'), RULES);
    writeFileSync(join(dir, 'no-scrapes.yml'), 'scrape_configs: []\n');
    backend = await startBackendProcess(join(ROOT, 'packages', 'backend', 'dist', 'main.js'), [
      ...['--data-dir', join(dir, 'data'), '--scrape-config', join(dir, 'no-scrapes.yml')],
      ...['--rules', join(dir, 'live.yml'), '--self-scrape-interval', '0'],
    ]);
    ({ browser, page } = await openPage(pageErrors, { width: 1280, height: 760 }));
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('firing, pending and failing rules as the backend evaluates them, and the nav count', async () => {
    await page.goto(`${backend.queryUrl}/alerts`);
    const rule = (name: string) =>
      page.locator('.rule-row', { has: page.locator('.rule-name', { hasText: name }) });
    // The page may load before the first evaluation (state unknown); it refreshes every 15 s.
    await rule('AlwaysFiring').locator('.rule-state', { hasText: 'firing' }).waitFor();
    await rule('PendingForAnHour').locator('.rule-state', { hasText: 'pending' }).waitFor();
    await rule('lab:clash').locator('.rule-health', { hasText: 'err' }).waitFor();
    assert.match(
      (await rule('lab:clash').locator('.rule-error').textContent()) ?? '',
      /same labelset after applying rule labels/,
    );
    assert.deepEqual(await page.locator('.rule-file-name').allTextContents(), [
      join(dir, 'live.yml'),
    ]);

    const rows = page.locator('.active-alerts .alert-row');
    await rows.nth(1).waitFor();
    assert.deepEqual(await rows.locator('.alert-name').allTextContents(), [
      'AlwaysFiring',
      'PendingForAnHour',
    ]);
    assert.equal(await rows.first().locator('.alert-summary').textContent(), 'fires with value 1');
    const badge = page.locator('.topbar nav a[href="/alerts"] .firing-badge');
    await badge.waitFor();
    assert.equal(await badge.textContent(), '1');
    assert.deepEqual(pageErrors, []);
  });
});
