import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startTestServer, seedAccount, PASSPHRASE } from '../harness.js';
import { ARTIFACTS, launch, openTab, screenshot, seriousViolations, skipBrowser, type Tab } from './_browser.js';

async function logIn(tab: Tab, url: string, handle: string, next = '/home') {
  await tab.page.goto(`${url}/login?next=${encodeURIComponent(next)}`);
  await tab.page.getByLabel('Handle').fill(handle);
  await tab.page.getByLabel('Passphrase').fill(PASSPHRASE);
  await tab.page.getByRole('button', { name: 'Log in' }).click();
  await tab.page.waitForURL((u) => u.pathname === next);
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  test(`post with an image, follow, read the home timeline, report a post and act on it as moderator — JavaScript ${javaScript ? 'on' : 'off'}`, { skip: skipBrowser }, async () => {
    const s = await startTestServer();
    const browser = await launch();
    try {
      await seedAccount(s.ctx, 'alt_uscis');
      await seedAccount(s.ctx, 'reader');
      await seedAccount(s.ctx, 'steward', { role: 'moderator' });
      const image = path.join(ARTIFACTS, `harbor-${mode}.png`);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toFile(image);

      // The speaker posts with an image and its description.
      const speaker = await openTab(browser, { javaScript });
      await logIn(speaker, s.url, 'alt_uscis');
      await speaker.page.getByLabel('What is on your mind?').fill('Immigrants make America great. #resist');
      await speaker.page.getByLabel('Image 1', { exact: true }).setInputFiles(image);
      await speaker.page.getByLabel('Description of image 1').fill('The harbor at dawn');
      await speaker.page.getByRole('button', { name: 'Post', exact: true }).click();
      await speaker.page.getByText('Immigrants make America great.').first().waitFor();
      assert.equal(await speaker.page.getByRole('img', { name: 'The harbor at dawn' }).count() > 0, true, 'the image with its description');
      assert.deepEqual(await seriousViolations(speaker), [], 'home timeline with compose');

      // A reader follows the speaker and sees the post on the home timeline.
      const reader = await openTab(browser, { javaScript });
      await logIn(reader, s.url, 'reader', '/@alt_uscis');
      await reader.page.getByRole('button', { name: 'Follow', exact: true }).click();
      await reader.page.getByRole('button', { name: 'Unfollow' }).waitFor();
      await screenshot(reader.page, `profile-${mode}`);
      assert.deepEqual(await seriousViolations(reader), [], 'profile');
      await reader.page.goto(`${s.url}/home`);
      await reader.page.getByText('Immigrants make America great.').first().waitFor();
      await screenshot(reader.page, `home-${mode}`);

      // The reader reports the post; the moderator acts on it with a reason.
      await reader.page.getByRole('link', { name: 'Report' }).first().click();
      await reader.page.getByLabel(/spam/i).check();
      await reader.page.getByLabel(/Anything the moderators should know/).fill('Testing the report flow');
      await reader.page.getByRole('button', { name: 'Send report' }).click();
      await reader.page.waitForURL((u) => u.searchParams.get('sent') === '1');
      const moderator = await openTab(browser, { javaScript });
      await logIn(moderator, s.url, 'steward', '/moderation');
      assert.deepEqual(await seriousViolations(moderator), [], 'moderation queue');
      await moderator.page.getByRole('link', { name: /@alt_uscis/ }).first().click();
      await moderator.page.getByLabel('Mark as sensitive').first().check();
      await moderator.page.getByLabel('Reason (the account holder reads this)').first().fill('Images need a warning here');
      await moderator.page.getByRole('button', { name: 'Act on this post' }).click();
      await moderator.page.waitForLoadState();
      await screenshot(moderator.page, `moderation-${mode}`);

      // The speaker reads the reason.
      await speaker.page.goto(`${s.url}/settings/moderation`);
      await speaker.page.getByText('Images need a warning here').first().waitFor();
      for (const tab of [speaker, reader, moderator]) assert.deepEqual(tab.problems, [], 'no CSP violation, script error or third-party request');
    } finally {
      await browser.close();
      await s.close();
    }
  });
}
