import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, seedAccount, PASSPHRASE } from '../harness.js';
import { ARTIFACTS, launch, openTab, screenshot, seriousViolations, skipBrowser } from './_browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUMMONS = path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.json');

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  test(`a legal case from intake to the published report in Chromium with JavaScript ${javaScript ? 'on' : 'off'}`, { skip: skipBrowser }, async () => {
    const s = await startTestServer();
    const browser = await launch();
    try {
      await seedAccount(s.ctx, 'alt_uscis');
      await seedAccount(s.ctx, 'counsel', { role: 'legal' });
      const tab = await openTab(browser, { javaScript });
      const { page } = tab;
      await page.goto(`${s.url}/login?next=/legal/intake`);
      await page.getByLabel('Handle').fill('counsel');
      await page.getByLabel('Passphrase').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/legal\/intake/);

      // Intake: the demand's text, and the fax as a scan.
      await page.getByLabel('Demand as JSON or YAML').fill(fs.readFileSync(SUMMONS, 'utf8'));
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const scan = path.join(ARTIFACTS, `summons-${mode}.pdf`);
      fs.writeFileSync(scan, '%PDF-1.4\n% the fax as received\n');
      await page.getByLabel(/Scanned document/).setInputFiles(scan);
      assert.deepEqual(await seriousViolations(tab), [], 'intake page');
      await page.getByRole('button', { name: 'Store and assess' }).click();
      await page.waitForURL(/\/legal\/cases\/\d+/);
      const casePath = new URL(page.url()).pathname;
      const backOnCase = (u: URL) => u.pathname === casePath && u.searchParams.has('done');
      const body = await page.locator('main').innerText();
      assert.match(body, /challenge/i);
      assert.match(body, /authority\.purpose_mismatch/);
      assert.match(body, /speech\.anonymous_identity/);
      await screenshot(page, `legal-case-${mode}`);
      assert.deepEqual(await seriousViolations(tab), [], 'case page');

      // The lawyer confirms; the holder is told; the desk records the withdrawal.
      await page.getByLabel('Recommendation').selectOption('challenge');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL(backOnCase);
      await page.getByLabel('New state').selectOption('withdrawn');
      await page.getByLabel('Reason', { exact: true }).fill('CBP withdrew the summons');
      await page.getByRole('button', { name: 'Move' }).click();
      await page.waitForURL((u) => backOnCase(u) && u.searchParams.get('done') !== 'decision');
      assert.match(await page.locator('main').innerText(), /withdrawn/i);

      // The published report counts it.
      await page.goto(`${s.url}/transparency/2017-H1.html`);
      const report = await page.locator('main').innerText();
      assert.match(report, /United States|US/);
      assert.ok(await page.locator('svg').count() > 0, 'charts drawn on the server');
      await screenshot(page, `transparency-${mode}`);
      assert.deepEqual(await seriousViolations(tab), [], 'transparency report');
      const json = await (await fetch(`${s.url}/api/v1/publius/transparency/2017-H1`)).json() as { information: { requests: number }; withdrawn: number };
      assert.equal(json.information.requests, 1);
      assert.equal(json.withdrawn, 1);
      assert.deepEqual(tab.problems, [], 'no CSP violation, script error or third-party request');
    } finally {
      await browser.close();
      await s.close();
    }
  });
}
