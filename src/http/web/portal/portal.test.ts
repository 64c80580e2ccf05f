import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ALT_USCIS = fs.readFileSync(path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.json'), 'utf8');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('portal: an admin issues an agency account; the agency signs in with its token, files a demand with a scan, sees only its own and no assessment', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'root', { role: 'admin' });
    const admin = new WebClient(s.url);
    await admin.logIn('root', PASSPHRASE);
    await admin.get('/admin/agencies');
    const issued = await admin.post('/admin/agencies', { name: 'CBP OPR', authority: 'U.S. Customs and Border Protection', country: 'us' });
    assert.equal(issued.status, 201, issued.text.slice(0, 500));
    const token = /<code class="secret">(pr_[^<]+)<\/code>/.exec(issued.text)?.[1];
    assert.ok(token, 'the token is shown once');
    assert.equal((await admin.get('/admin/agencies')).text.includes(token), false, 'and never again');

    // Another agency's demand and one the desk entered itself: neither may show up for CBP.
    const other = await s.ctx.desk.requesters.issue({ name: 'Other agency', authority: 'Somewhere else', country: 'DE' }, 'root');
    await s.ctx.desk.intake({ text: JSON.stringify({ reference: 'OTHER-AGENCY-1' }), actor: 'x', requesterId: other.requester.id });
    await s.ctx.desk.intake({ text: JSON.stringify({ reference: 'DESK-ENTERED-1' }), actor: 'root' });

    const agency = new WebClient(s.url);
    assert.equal((await agency.get('/portal/demands')).location, '/portal', 'not signed in: to the sign-in form');
    const form = await agency.get('/portal');
    assert.match(form.text, /<label for="token">Access token<\/label>/);
    const wrong = await agency.post('/portal', { token: 'pr_not-a-real-token' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"/);
    const signedIn = await agency.post('/portal', { token });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, '/portal/demands', 'the token is not in any URL');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('publius_portal='));
    assert.ok(cookie && /HttpOnly/i.test(cookie) && /SameSite=Strict/i.test(cookie) && /Path=\/portal/i.test(cookie), cookie);

    await agency.get('/portal/demands/new');
    const filed = await agency.post('/portal/demands/new', { demand: ALT_USCIS, document: new File([PDF], 'summons.pdf', { type: 'application/pdf' }) });
    assert.equal(filed.status, 303, filed.text.slice(0, 500));
    const id = /^\/portal\/demands\/(\d+)\?done=filed$/.exec(filed.location ?? '')?.[1];
    assert.ok(id);
    const stored = await s.ctx.desk.get(id);
    assert.equal(stored.assessment?.recommendation, 'challenge', 'the desk assessed it');
    assert.equal((await s.ctx.desk.documents(id)).length, 1, 'the scan is kept');

    const mine = await agency.get(`/portal/demands/${id}?done=filed`);
    assert.equal(mine.status, 200);
    assert.match(mine.text, /CBP-OPR-2017-ALT-USCIS/);
    assert.match(mine.text, /<dt>State<\/dt><dd>assessed<\/dd>/);
    assert.match(mine.text, /Signed in as <strong>CBP OPR<\/strong>/);
    for (const secret of ['challenge', 'authority.purpose_mismatch', 'speech.anonymous_identity', 'Recommendation', 'Findings', stored.assessment!.findings[0].message]) {
      assert.equal(mine.text.includes(secret), false, `the agency does not see "${secret}"`);
    }

    const list = await agency.get('/portal/demands');
    assert.match(list.text, /CBP-OPR-2017-ALT-USCIS/);
    assert.doesNotMatch(list.text, /OTHER-AGENCY-1|DESK-ENTERED-1/);
    for (const c of await s.ctx.desk.list({})) {
      if (c.id !== id) assert.equal((await agency.get(`/portal/demands/${c.id}`)).status, 404, 'another’s case is a 404');
    }

    // The agency's cookie is no session: the desk stays closed to it.
    assert.equal((await agency.get('/legal')).status, 303);

    await agency.get(`/portal/demands/${id}`);
    const forged = await agency.post(`/portal/demands/${id}/withdraw`, { reason: 'no longer needed' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    await agency.get(`/portal/demands/${id}`);
    const withdrawn = await agency.post(`/portal/demands/${id}/withdraw`, { reason: 'The investigation was closed' });
    assert.equal(withdrawn.status, 303);
    assert.equal((await s.ctx.desk.get(id)).state, 'withdrawn');
    assert.match((await agency.get(`/portal/demands/${id}?done=withdrawn`)).text, /<dt>State<\/dt><dd>withdrawn<\/dd>/);

    await agency.get('/portal/demands');
    const out = await agency.post('/portal/logout', {});
    assert.equal(out.status, 200);
    assert.equal(agency.cookies.has('publius_portal'), false);
    assert.equal((await agency.get('/portal/demands')).location, '/portal');

    // A disabled agency's token stops working at once.
    await agency.post('/portal', { token });
    await admin.get('/admin/agencies');
    const cbp = (await s.ctx.desk.requesters.list()).find((r) => r.name === 'CBP OPR')!;
    assert.equal((await admin.post(`/admin/agencies/${cbp.id}/disable`, {})).status, 303);
    assert.equal((await agency.get('/portal/demands')).location, '/portal');
  } finally {
    await s.close();
  }
});
