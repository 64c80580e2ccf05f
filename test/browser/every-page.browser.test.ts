import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startTestServer, seedAccount, PASSPHRASE, type TestServer } from '../harness.js';
import { ARTIFACTS, launch, openTab, seriousViolations, skipBrowser, type Tab } from './_browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUMMONS = fs.readFileSync(path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.json'), 'utf8');

/**
 * Every page, found the way a person finds it: starting from the landing page and following links. For each
 * kind of visitor (anonymous, a speaker, the admin who also moderates and works the legal desk, an agency on
 * the requester portal) the crawl opens each distinct page once and insists on: a successful answer, no
 * serious or critical axe violation, nothing wider than a 320 px phone, and no CSP violation, script error or
 * third-party request. Then it checks that the pages the web UI promises were all reached from the navigation.
 */

/** Links the crawl does not open: they end the session, download files or leave the HTML pages. */
const SKIP = [/^\/logout/, /^\/portal\/logout/, /^\/media\//, /^\/static\//, /^\/api\//, /^\/\.well-known\//, /^\/nodeinfo/,
  /\.(zip|csv|json|png|jpg|webp|pdf)$/, /\/documents\/\d+$/, /^\/oauth\//];
/** Query parameters whose values say nothing about which page it is (paging, notices after a form). */
const INCIDENTAL = new Set(['next', 'done', 'sent', 'max_id', 'min_id', 'since_id', 'before', 'after', 'page', 'error']);

/** Pages that differ only in ids or handles are the same page: `/@alice/9` → `/@:h/:id`. */
export function pageKind(url: URL): string {
  const p = url.pathname.replace(/\/@[a-z0-9_]+/gi, '/@:h').replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/tags\/[^/]+/, '/tags/:tag')
    .replace(/\/\d{4}-H[12]\.html$/, '/:period.html');
  const q = [...url.searchParams.keys()].filter((k) => !INCIDENTAL.has(k)).sort()
    .map((k) => (/^\d+$/.test(url.searchParams.get(k) ?? '') ? k : `${k}=${url.searchParams.get(k)}`));
  return q.length ? `${p}?${q.join('&')}` : p;
}

interface Visit { kind: string; url: string; status: number }

/** Pages photographed (the top 1,600 px) for the README: test-artifacts/readme/NAME.png. */
const SHOTS: Record<string, string> = {
  'speaker /home': 'home-timeline', 'speaker /@:h': 'profile', 'admin /legal/cases/:id': 'legal-case',
  'admin /transparency/:period.html': 'transparency-report',
};

/**
 * `publicUrl` is the address posts link to (hashtags, mentions); the test server listens on another port, so
 * links to the public address are followed on the test server.
 */
async function crawl(tab: Tab, who: string, base: string, publicUrl: string, starts: string[], limit = 90): Promise<{ visits: Visit[]; problems: string[] }> {
  const { page } = tab;
  const origin = new URL(base).origin;
  const published = new URL(publicUrl).origin;
  const queue = starts.map((s) => new URL(s, base));
  const seen = new Set<string>();
  const visits: Visit[] = [];
  const problems: string[] = [];
  while (queue.length && visits.length < limit) {
    const url = queue.shift()!;
    const kind = pageKind(url);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const res = await page.goto(url.href);
    const status = res?.status() ?? 0;
    visits.push({ kind, url: url.pathname + url.search, status });
    if (status >= 400) { problems.push(`${url.pathname}${url.search}: HTTP ${status}`); continue; }
    for (const v of await seriousViolations(tab)) problems.push(`${kind}: ${v}`);
    const shot = SHOTS[`${who} ${kind}`];
    if (shot) {
      fs.mkdirSync(path.join(ARTIFACTS, 'readme'), { recursive: true });
      const height = Math.min(1600, await page.evaluate(() => document.documentElement.scrollHeight));
      await page.screenshot({ path: path.join(ARTIFACTS, 'readme', `${shot}.png`), fullPage: true, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height } });
    }
    const overflow = await overflowAt320(page);
    if (overflow) problems.push(`${kind}: wider than a 320 px screen (${overflow})`);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const next = new URL(href);
      next.hash = '';
      if (next.origin === published) next.host = new URL(base).host;
      if (next.origin !== origin || SKIP.some((r) => r.test(next.pathname))) continue;
      if (!seen.has(pageKind(next))) queue.push(next);
    }
  }
  return { visits, problems };
}

/** What sticks out past the right edge of a 320 px wide window, or null. */
async function overflowAt320(page: Page): Promise<string | null> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 700 });
  try {
    return await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width + 1) return null;
      const wide = [...document.querySelectorAll('main *, header *, footer *')].find((el) => {
        const r = el.getBoundingClientRect();
        return r.right > width + 1 && getComputedStyle(el).position !== 'fixed' && !el.closest('.scroll-x');
      });
      return wide ? `${wide.tagName.toLowerCase()}${wide.className ? '.' + String(wide.className).split(' ')[0] : ''}` : 'the page';
    });
  } finally {
    await page.setViewportSize(size);
  }
}

async function logIn(tab: Tab, base: string, handle: string): Promise<void> {
  await tab.page.goto(`${base}/login?next=/home`);
  await tab.page.getByLabel('Handle').fill(handle);
  await tab.page.getByLabel('Passphrase').fill(PASSPHRASE);
  await tab.page.getByRole('button', { name: 'Log in' }).click();
  await tab.page.waitForURL((u) => u.pathname === '/home');
}

/** An instance with something on every page: posts, a thread, a tag, media, a report and an action, an appeal, a legal case, follower samples. */
async function furnish(s: TestServer): Promise<{ agencyToken: string }> {
  const ctx = s.ctx;
  const { account: alt } = await seedAccount(ctx, 'alt_uscis');
  const { account: reader } = await seedAccount(ctx, 'reader', { locked: true });
  const { account: admin } = await seedAccount(ctx, 'root', { role: 'admin' });
  await seedAccount(ctx, 'counsel', { role: 'legal' });
  const first = await ctx.posts.create(alt, { text: 'Immigrants make America great. #resist' });
  const reply = await ctx.posts.create(reader, { text: '@alt_uscis Thank you for speaking up.', inReplyToId: first.id });
  await ctx.posts.create(alt, { text: 'A thread needs a second voice.', inReplyToId: reply.id });
  const hidden = await ctx.posts.create(alt, { text: 'Only for those who follow.', visibility: 'private' });
  void hidden;
  await ctx.graph.follow(reader, alt.id);
  await ctx.graph.follow(alt, reader.id); // reader is locked: a follow request waits
  const report = await ctx.moderation.fileReport(reader, { accountId: alt.id, statusIds: [first.id], category: 'other', comment: 'Testing the queue' });
  const action = await ctx.moderation.act(admin, { kind: 'mark_sensitive', reason: 'A warning fits here', reportId: report.id, statusId: first.id });
  await ctx.moderation.appeal(alt, action.id, 'There is nothing graphic in it.');
  await ctx.moderation.fileReport(alt, { accountId: reader.id, category: 'spam', comment: 'Still open' });
  const legal = await ctx.desk.intake({ text: SUMMONS, actor: 'counsel' });
  await ctx.desk.assess(legal.id, { actor: 'counsel' });
  // A second summons of the same half-year, challenged and withdrawn, so the published report has outcomes.
  const second = await ctx.desk.intake({ text: SUMMONS.replace('CBP-OPR-2017-ALT-USCIS', 'CBP-OPR-2017-SECOND'), actor: 'counsel' });
  await ctx.desk.assess(second.id, { actor: 'counsel' });
  await ctx.desk.decide(second.id, { recommendation: 'challenge', reason: '', actor: 'counsel' });
  await ctx.desk.transition(second.id, 'withdrawn', 'The agency withdrew the summons', 'counsel');
  // Follower samples as the day of the surge: the insights chart is drawn from them.
  const start = Date.now() - 30 * 3_600_000;
  for (let h = 0; h <= 24; h++) {
    await ctx.db.insertInto('account_count_samples').values({ account_id: alt.id, at: new Date(start + h * 3_600_000), followers_count: 38_000 + h * 5_000, following_count: 1, statuses_count: 3 }).execute();
  }
  // The count the samples lead up to (the crowd itself is issue 5's benchmark, not this test's).
  await ctx.db.updateTable('accounts').set({ followers_count: 158_000 }).where('id', '=', alt.id).execute();
  const agency = await ctx.desk.requesters.issue({ name: 'CBP OPR', authority: 'U.S. Customs and Border Protection', country: 'US' }, 'root');
  await ctx.desk.intake({ text: SUMMONS.replace('CBP-OPR-2017-ALT-USCIS', 'CBP-OPR-PORTAL-1'), actor: 'CBP OPR', requesterId: agency.requester.id });
  return { agencyToken: agency.token };
}

/** The pages issue 4 lists, by kind, and who must be able to reach them by following links. */
const PROMISED: Record<string, string[]> = {
  anonymous: ['/', '/public', '/search', '/login', '/signup', '/@:h', '/@:h/:id', '/tags/:tag', '/transparency', '/canary',
    '/about/rules', '/about/privacy', '/@:h/followers', '/@:h/following'],
  speaker: ['/home', '/notifications', '/follow_requests', '/bookmarks', '/favourites', '/settings', '/settings/data',
    '/settings/delete', '/settings/recovery-codes', '/settings/moderation', '/legal-notices', '/@:h/insights'],
  admin: ['/moderation', '/moderation/reports/:id', '/moderation/log', '/moderation/appeals', '/legal', '/legal/intake', '/legal/cases/:id', '/legal/audit',
    '/admin', '/admin/invites', '/admin/roles', '/admin/rules', '/admin/agencies'],
  agency: ['/portal/demands', '/portal/demands/new', '/portal/demands/:id'],
};

test('every page reachable from the navigation answers, passes axe, fits a 320 px screen and keeps to the CSP', { skip: skipBrowser, timeout: 600_000 }, async () => {
  const s = await startTestServer();
  const browser = await launch();
  const report: string[] = [];
  try {
    const { agencyToken } = await furnish(s);
    const problems: string[] = [];
    const reached: Record<string, string[]> = {};
    const visitors: Array<[string, (tab: Tab) => Promise<string[]>]> = [
      ['anonymous', async () => ['/']],
      ['speaker', async (tab) => { await logIn(tab, s.url, 'alt_uscis'); return ['/home', '/']; }],
      ['admin', async (tab) => { await logIn(tab, s.url, 'root'); return ['/home', '/moderation', '/legal', '/admin', '/transparency/2017-H1.html']; }],
      ['agency', async (tab) => {
        await tab.page.goto(`${s.url}/portal`);
        await tab.page.getByLabel('Access token').fill(agencyToken);
        await tab.page.getByRole('button', { name: /sign in/i }).click();
        await tab.page.waitForURL((u) => u.pathname === '/portal/demands');
        return ['/portal/demands'];
      }],
    ];
    for (const [who, start] of visitors) {
      const tab = await openTab(browser, { javaScript: true });
      const starts = await start(tab);
      const { visits, problems: found } = await crawl(tab, who, s.url, s.ctx.config.publicUrl, starts);
      reached[who] = visits.map((v) => v.kind);
      report.push(`${who}: ${visits.length} pages`, ...visits.map((v) => `  ${v.status} ${v.kind}`));
      problems.push(...found.map((p) => `${who} ${p}`), ...tab.problems.map((p) => `${who} ${p}`));
      await tab.context.close();
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'every-page.txt'), report.join('\n') + '\n');
    assert.deepEqual(problems, [], 'every page clean');
    for (const [who, kinds] of Object.entries(PROMISED)) {
      const missing = kinds.filter((k) => !reached[who].includes(k));
      assert.deepEqual(missing, [], `${who} reaches every promised page by following links`);
    }
  } finally {
    await browser.close();
    await s.close();
  }
});
