import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, PASSPHRASE } from '../harness.js';
import { launch, openTab, screenshot, seriousViolations, skipBrowser } from './_browser.js';

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  test(`sign up, log out and log in again in Chromium with JavaScript ${javaScript ? 'on' : 'off'}; axe finds nothing serious`, { skip: skipBrowser }, async () => {
    const s = await startTestServer();
    const browser = await launch();
    try {
      const tab = await openTab(browser, { javaScript });
      const { page } = tab;
      await page.goto(`${s.url}/signup`);
      assert.deepEqual(await seriousViolations(tab), [], 'sign-up page');
      await page.getByLabel('Handle').fill(`reader_${mode}`);
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Passphrase again').fill(PASSPHRASE);
      await page.getByLabel(/I have read the/).check();
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: `Welcome, @reader_${mode}` }).waitFor();
      assert.equal(await page.locator('ol.codes li').count(), 10);
      await screenshot(page, `signup-codes-${mode}`);
      assert.deepEqual(await seriousViolations(tab), [], 'recovery codes page');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.goto(`${s.url}/login`);
      await page.getByLabel('Handle').fill(`reader_${mode}`);
      await page.getByLabel('Passphrase').fill('wrong passphrase entirely');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Invalid handle or passphrase' }).waitFor();
      await page.getByLabel('Passphrase').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      const cookies = await tab.context.cookies();
      assert.ok(cookies.some((c) => c.name === 'publius_session' && c.httpOnly), 'signed in by an HttpOnly cookie');

      for (const path of ['/canary', '/transparency']) {
        await page.goto(`${s.url}${path}`);
        assert.deepEqual(await seriousViolations(tab), [], path);
      }
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${s.url}/login`);
      if (javaScript) {
        // Measuring layout needs script; the same pages are measured with JavaScript on.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, 'no horizontal scrolling at 320 px');
      }
      assert.deepEqual(tab.problems, [], 'no CSP violation, script error or third-party request');
    } finally {
      await browser.close();
      await s.close();
    }
  });
}
