import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, seedAccount, PASSPHRASE, type TestServer } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';
import { verifyPackage } from '../../../legal/production/verify.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLES = path.resolve(ROOT, '../shared/legal/examples');
const example = (name: string) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
/** A small but real PDF: what a fax scan of a summons arrives as. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function deskMember(s: TestServer, handle = 'counsel', role: 'legal' | 'admin' = 'legal'): Promise<WebClient> {
  await seedAccount(s.ctx, handle, { role });
  const browser = new WebClient(s.url);
  await browser.logIn(handle, PASSPHRASE);
  return browser;
}

/** Takes a demand in through the intake form and returns the new case's id (from the redirect). */
async function intake(browser: WebClient, fields: Record<string, string | Blob>): Promise<string> {
  await browser.get('/legal/intake');
  const res = await browser.post('/legal/intake', fields);
  assert.equal(res.status, 303, res.text.slice(0, 500));
  const m = /^\/legal\/cases\/(\d+)\?done=intake$/.exec(res.location ?? '');
  assert.ok(m, `redirected to the case: ${res.location}`);
  return m[1];
}

test('legal desk: ALT_USCIS taken in with its scan, assessed "challenge"; an override without reason is refused; confirmed; withdrawn', async () => {
  const s = await startTestServer();
  try {
    // The account the summons names exists here, so the assessment's notice is to tell its holder now.
    await seedAccount(s.ctx, 'alt_uscis');
    const browser = await deskMember(s);
    const form = await browser.get('/legal/intake');
    assert.equal(form.status, 200);
    assert.match(form.text, /enctype="multipart\/form-data"/);
    assert.match(form.text, /<label for="demand">/);
    assert.match(form.text, /<label for="document">/);

    const id = await intake(browser, {
      demand: example('alt-uscis-summons.json'),
      document: new File([PDF], 'summons-fax.pdf', { type: 'application/pdf' }),
    });
    const page = await browser.get(`/legal/cases/${id}?done=intake`);
    assert.equal(page.status, 200);
    assert.match(page.text, /The demand was stored/);
    assert.match(page.text, /CBP-OPR-2017-ALT-USCIS/);
    assert.match(page.text, /Recommendation: <strong class="recommendation">challenge<\/strong>/);
    for (const code of ['authority.purpose_mismatch', 'speech.anonymous_identity', 'records.not_held']) assert.ok(page.text.includes(`<code>${code}</code>`), `finding ${code} shown`);
    assert.match(page.text, /<th scope="col">Citations<\/th>/);
    assert.match(page.text, /19 U\.S\.C\. § 1509/, 'the demand itself is shown');
    assert.match(page.text, /<strong class="overdue-mark">overdue<\/strong>/, 'a 2017 deadline is overdue');
    assert.match(page.text, /override and needs a written reason/, 'the override rule is stated on the form');
    assert.ok(!/style=/.test(page.text), 'no inline style');
    assert.ok(!/<script(?![^>]*\bsrc=)/.test(page.text), 'no inline script');

    // The scan is kept and downloadable as an attachment, byte for byte.
    const doc = /href="(\/legal\/cases\/\d+\/documents\/\d+)" download>summons-fax\.pdf</.exec(page.text);
    assert.ok(doc, 'the scan is listed with a download link');
    const file = await fetch(s.url + doc[1], { headers: { cookie: `publius_session=${browser.cookies.get('publius_session')}` } });
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition') ?? '', /^attachment; /);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);

    const list = await browser.get('/legal');
    assert.match(list.text, new RegExp(`<a href="/legal/cases/${id}">CBP-OPR-2017-ALT-USCIS</a>`));
    assert.match(list.text, /class="overdue"/);
    assert.match((await browser.get('/legal?state=assessed')).text, /CBP-OPR-2017-ALT-USCIS/);
    assert.doesNotMatch((await browser.get('/legal?closed=1')).text, /CBP-OPR-2017-ALT-USCIS<\/a><\/th>/, 'not among the closed cases');

    // Overriding (reject instead of challenge) with no reason: refused, the message on the page, nothing recorded.
    const refused = await browser.post(`/legal/cases/${id}/decision`, { recommendation: 'reject', notice: 'notify_now', notice_date: '', reason: '' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /role="alert"[^>]*>[^<]*overriding the assessment \(challenge → reject\) needs a written reason of at least 10 characters/);
    assert.match(refused.text, /<option value="reject" selected>/, 'the form keeps what was chosen');
    assert.equal((await s.ctx.desk.get(id)).decision, null);

    // Keeping the assessment is a confirmation and needs no reason.
    const confirmed = await browser.post(`/legal/cases/${id}/decision`, { recommendation: 'challenge', notice: 'notify_now', notice_date: '', reason: '' });
    assert.equal(confirmed.status, 303, confirmed.text.slice(0, 800));
    const decided = await s.ctx.desk.get(id);
    assert.equal(decided.state, 'challenged');
    assert.equal(decided.decision?.action, 'confirm');

    const casePage = await browser.get(`/legal/cases/${id}`);
    assert.match(casePage.text, /confirmation of the assessment/);
    assert.match(casePage.text, /<option value="in_court">in court<\/option>/, 'only the moves allowed from challenged');
    assert.doesNotMatch(casePage.text, /<option value="complied">/);

    await browser.post(`/legal/cases/${id}/comments`, { text: 'Counsel called the agency; they will withdraw.' });
    await browser.get(`/legal/cases/${id}`);
    const moved = await browser.post(`/legal/cases/${id}/transition`, { to: 'withdrawn', reason: 'CBP withdrew the summons on 2017-04-07' });
    assert.equal(moved.status, 303);
    assert.equal((await s.ctx.desk.get(id)).state, 'withdrawn');

    const closed = await browser.get(`/legal/cases/${id}`);
    assert.match(closed.text, /withdrawn \(closed\)/);
    assert.match(closed.text, /Counsel called the agency/);
    assert.match(closed.text, /<th scope="row">case\.decided<\/th>/, 'the audit log lists the decision');
    assert.match((await browser.get('/legal?closed=1')).text, /CBP-OPR-2017-ALT-USCIS<\/a><\/th>/);

    const audit = await browser.get('/legal/audit');
    assert.equal(audit.status, 200);
    assert.match(audit.text, /<strong>Intact\.<\/strong>/);
  } finally {
    await s.close();
  }
});

test('legal desk: demand text is untrusted — a <script> in it is shown escaped; an incomplete demand lists its problems', async () => {
  const s = await startTestServer();
  try {
    const browser = await deskMember(s);
    const hostile = JSON.stringify({ reference: '<script>alert("ref")</script>', text: '<img src=x onerror=alert(1)><script>alert(2)</script>' });
    const id = await intake(browser, { demand: hostile });
    const page = await browser.get(`/legal/cases/${id}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('<script>alert'), 'no script from the demand reaches the page');
    assert.ok(!page.text.includes('<img src=x'), 'no markup from the demand reaches the page');
    assert.ok(page.text.includes('&lt;script&gt;alert'), 'it is shown, escaped');
    assert.match(page.text, /Problems with the demand as received/);
    assert.equal((await s.ctx.desk.get(id)).state, 'incomplete');
    const list = await browser.get('/legal');
    assert.ok(!list.text.includes('<script>alert'));
    assert.match(list.text, /<span class="badge">incomplete<\/span>/);

    // Nothing to take in: the form again, with the reason, and nothing stored.
    await browser.get('/legal/intake');
    const empty = await browser.post('/legal/intake', { demand: '   ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /role="alert"[^>]*>Paste the demand/);
    assert.equal((await s.ctx.desk.list({})).length, 1);
  } finally {
    await s.close();
  }
});

test('legal desk: anonymous readers go to log in, plain users and moderators get 403, forged forms are refused', async () => {
  const s = await startTestServer();
  try {
    const anon = new WebClient(s.url);
    const r = await anon.get('/legal/cases/1');
    assert.equal(r.status, 303);
    assert.equal(r.location, `/login?next=${encodeURIComponent('/legal/cases/1')}`);

    for (const role of ['user', 'moderator'] as const) {
      await seedAccount(s.ctx, `plain_${role}`, { role });
      const b = new WebClient(s.url);
      await b.logIn(`plain_${role}`, PASSPHRASE);
      for (const p of ['/legal', '/legal/intake', '/legal/audit', '/admin']) assert.equal((await b.get(p)).status, 403, `${role} on ${p}`);
      assert.equal((await b.post('/legal/intake', { demand: '{}' }, { csrf: null })).status, 403);
    }
    assert.equal((await s.ctx.desk.list({})).length, 0);

    const desk = await deskMember(s);
    await desk.get('/legal/intake');
    const forged = await desk.post('/legal/intake', { demand: example('alt-uscis-summons.json') }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await s.ctx.desk.list({})).length, 0, 'a forged form stores nothing');
    assert.equal((await desk.get('/legal/cases/999999')).status, 404);
  } finally {
    await s.close();
  }
});

test('legal desk: an approved case downloads as a zip production package whose signed manifest verifies', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'night_watch_77');
    const browser = await deskMember(s);
    const id = await intake(browser, { demand: example('state-warrant-direct-messages.json') });
    const page = await browser.get(`/legal/cases/${id}`);
    assert.match(page.text, /class="recommendation">comply</);
    assert.match(page.text, /<input type="checkbox" name="produce" value="content\.private" checked>/, 'the assessment’s categories are preselected');
    assert.doesNotMatch(page.text, /name="produce" value="connection\.ip"/, 'a category never collected cannot be chosen');
    assert.doesNotMatch(page.text, /Build production package/, 'nothing to produce before a decision');

    // Producing fewer categories than the assessment allows is still a confirmation (nothing beyond it).
    assert.match(page.text, /<label for="date_from">From<\/label><input type="date" id="date_from" name="date_from" value="">/);
    const badRange = await browser.post(`/legal/cases/${id}/decision`, { recommendation: 'comply', produce: ['subscriber.handle'], notice: 'notify_after', notice_date: '2026-12-01', reason: '', date_from: '2026-08-01', date_to: '2026-07-01' });
    assert.equal(badRange.status, 422);
    assert.match(badRange.text, /start is after the end/);
    assert.match(badRange.text, /name="date_from" value="2026-08-01"/, 'the form comes back as it was sent');
    await browser.get(`/legal/cases/${id}`);
    const decided = await browser.post(`/legal/cases/${id}/decision`, { recommendation: 'comply', produce: ['subscriber.handle', 'content.media'], notice: 'notify_after', notice_date: '2026-12-01', reason: '', date_from: '2026-01-01', date_to: '' });
    assert.equal(decided.status, 303, decided.text.slice(0, 800));
    assert.equal((await s.ctx.desk.get(id)).state, 'approved');
    assert.deepEqual((await s.ctx.desk.get(id)).decision?.produce, ['subscriber.handle', 'content.media']);
    assert.deepEqual((await s.ctx.desk.get(id)).decision?.date_range, { from: '2026-01-01', to: null }, 'narrowed to records from that day on');

    const approved = await browser.get(`/legal/cases/${id}`);
    assert.match(approved.text, /<h2 id="notices-h">/);
    assert.match(approved.text, /@night_watch_77/);
    assert.match(approved.text, /Build production package/);

    // Temp directories other test runs may hold right now are not this download's.
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('publius-production-')));
    const res = await fetch(`${s.url}/legal/cases/${id}/production`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: browser.csrf() }),
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(res.status, 200, res.status === 200 ? '' : await res.text());
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="publius-case-\d+-production\.zip"$/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-production-'));
    try {
      const zip = path.join(dir, 'p.zip');
      fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
      execFileSync('python3', ['-c', 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, path.join(dir, 'out')]);
      const verdict = verifyPackage(path.join(dir, 'out', `case-${id}`));
      assert.equal(verdict.ok, true, verdict.problems.join('\n'));
      assert.equal(verdict.caseId, id);
      assert.ok(verdict.files > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(['complied', 'partially_complied'].includes((await s.ctx.desk.get(id)).state), 'delivering the package closes the case');
    const leftovers = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('publius-production-') && !before.has(n));
    assert.deepEqual(leftovers, [], 'the temporary package directory is removed');
  } finally {
    await s.close();
  }
});
