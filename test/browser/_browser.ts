import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium (CI installs it with apt-get); null when this machine has none. */
export function chromiumPath(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try { return execFileSync('which', [name]).toString().trim() || null; } catch { /* next */ }
  }
  return null;
}

/** Why browser tests cannot run here, or false when they can (node:test's `skip` option takes either). */
export const skipBrowser: string | false = chromiumPath() ? false : 'no Chromium on this machine (CI installs Debian\'s chromium)';

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Console messages that report a Content-Security-Policy violation or a script error. */
  problems: string[];
  javaScript: boolean;
  /** The HTML of the page now shown (the last document response that was not a redirect). */
  lastDocument(): Promise<string>;
}

/**
 * A fresh browser profile. With `javaScript: false` Chromium behaves as Tor Browser at "Safest" does for our
 * pages: no script at all. Any CSP violation or page error is collected so a test can insist there are none.
 */
export async function openTab(browser: Browser, opts: { javaScript: boolean; width?: number }): Promise<Tab> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScript, viewport: { width: opts.width ?? 1100, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!/^(http:\/\/127\.0\.0\.1|data:|blob:|ws:\/\/127\.0\.0\.1)/.test(r.url())) problems.push(`third-party request: ${r.url()}`); });
  let last: Promise<string> = Promise.resolve('');
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)) {
      last = r.text().catch(() => '');
    }
  });
  return { context, page, problems, javaScript: opts.javaScript, lastDocument: () => last };
}

/**
 * Runs axe-core in the page and returns the serious and critical violations. axe is evaluated through the
 * DevTools protocol, which the page's CSP does not govern, so the page keeps its real policy — and when the
 * tab has JavaScript off, axe runs in a second tab of the same URL with script on, since axe is itself a script.
 */
export async function seriousViolations(tab: Tab): Promise<string[]> {
  let page = tab.page;
  let temp: BrowserContext | null = null;
  if (!tab.javaScript) {
    // The same document (even one answering a POST), served again to a tab where axe can run.
    const url = tab.page.url();
    const body = await tab.lastDocument();
    temp = await tab.context.browser()!.newContext({ javaScriptEnabled: true });
    page = await temp.newPage();
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    await page.goto(url);
  }
  try {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(', ')})`);
  } finally {
    await temp?.close();
  }
}

/** Saves a full-page screenshot under test-artifacts/ (git-ignored), named by the test. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
