import type { Browser } from 'playwright-core';

/** Debian's chromium: Playwright cannot download its own browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no sandbox (CI runs as root), no GPU, no background traffic. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's chromium through playwright-core, as the UI's browser tests and bench:ui drive it. */
export async function launchChromium(): Promise<Browser> {
  // Loaded here, not with the testkit: most tests that use the testkit never open a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}
