import { existsSync, mkdirSync } from 'fs';
import path from 'path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

/** Launches Debian's Chromium headless, with the background services that would reach the internet turned off. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The page tests drive Debian's Chromium through playwright-core: install it with apt-get install chromium.`
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A page that records console errors, uncaught exceptions and every request that leaves the harness. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

/** Opens a page in a fresh context, so that storage from one test never reaches the next. */
export async function openWatchedPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  // The harness must not reach any other host, so such a request is aborted and reported.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) {
      return route.continue();
    }
    problems.push(`request outside the harness: ${url}`);
    return route.abort();
  });
  return { page, context, problems };
}

/** Saves a full-page screenshot under e2e/screenshots, which git ignores. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
