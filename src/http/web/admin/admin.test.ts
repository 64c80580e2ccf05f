import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE, apiClient } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';
import { hashToken } from '../../../security/tokens.js';

test('admin: settings shown read-only; an invite code is shown once and works; roles; rules added and removed; forged forms refused', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'root', { role: 'admin' });
    await seedAccount(s.ctx, 'lawyer', { role: 'legal' });
    await seedAccount(s.ctx, 'helper');
    const admin = new WebClient(s.url);
    await admin.logIn('root', PASSPHRASE);

    const overview = await admin.get('/admin');
    assert.equal(overview.status, 200);
    assert.ok(overview.text.includes(`<dt>Sign-up mode</dt><dd>${s.ctx.config.signupMode}</dd>`));
    assert.match(overview.text, /<dt>Onion address<\/dt>/);
    assert.match(overview.text, /<th scope="row">Accounts \(not suspended\)<\/th><td>3<\/td>/);

    await admin.get('/admin/invites');
    const made = await admin.post('/admin/invites', { days: '3' });
    assert.equal(made.status, 201);
    const code = /<code class="secret">([^<]+)<\/code>/.exec(made.text)?.[1];
    assert.ok(code);
    assert.equal((await admin.get('/admin/invites')).text.includes(code), false, 'shown once');
    const stored = await s.ctx.db.selectFrom('invites').select(['code_hash', 'created_by']).execute();
    assert.deepEqual(stored.map((r) => r.code_hash), [hashToken(code)], 'one invite, kept only as the hash of the code shown');

    await admin.get('/admin/roles');
    const role = await admin.post('/admin/roles', { handle: '@helper', role: 'moderator' });
    assert.equal(role.status, 303);
    assert.equal((await s.ctx.accounts.store.byHandle('helper'))?.role, 'moderator');
    assert.match((await admin.get('/admin/roles?done=role')).text, /<th scope="row">@helper<\/th><td>moderator<\/td>/);
    const self = await admin.post('/admin/roles', { handle: 'root', role: 'user' });
    assert.equal(self.status, 409, 'an admin cannot demote themself here');
    await admin.get('/admin/roles');
    assert.equal((await admin.post('/admin/roles', { handle: 'nobody_here', role: 'legal' })).status, 404);

    await admin.get('/admin/rules');
    const added = await admin.post('/admin/rules', { text: 'No <b>doxxing</b>', hint: 'Never post where someone lives or works.' });
    assert.equal(added.status, 303);
    const rules = await admin.get('/admin/rules?done=added');
    assert.match(rules.text, /No &lt;b&gt;doxxing&lt;\/b&gt;/);
    const api = await apiClient(s.url).get('/api/v1/instance/rules');
    assert.deepEqual(api.body.map((r: { text: string }) => r.text), ['No <b>doxxing</b>'], 'the public rules list has it');
    const ruleId = api.body[0].id;
    assert.equal((await admin.post('/admin/rules', { text: '   ' })).status, 422);
    await admin.get('/admin/rules');
    assert.equal((await admin.post(`/admin/rules/${ruleId}/remove`, {}, { csrf: 'forged' })).status, 403, 'forged: refused');
    assert.equal((await apiClient(s.url).get('/api/v1/instance/rules')).body.length, 1);
    assert.equal((await admin.post(`/admin/rules/${ruleId}/remove`, {})).status, 303);
    assert.equal((await apiClient(s.url).get('/api/v1/instance/rules')).body.length, 0);

    await admin.get('/admin/invites');
    assert.equal((await admin.post('/admin/invites', { days: '3' }, { csrf: 'forged' })).status, 403);

    const lawyer = new WebClient(s.url);
    await lawyer.logIn('lawyer', PASSPHRASE);
    for (const p of ['/admin', '/admin/invites', '/admin/roles', '/admin/rules', '/admin/agencies']) assert.equal((await lawyer.get(p)).status, 403, p);
    assert.equal((await lawyer.get('/legal')).status, 200, 'the desk is the legal role’s');
    assert.equal((await new WebClient(s.url).get('/admin/rules')).location, `/login?next=${encodeURIComponent('/admin/rules')}`);
  } finally {
    await s.close();
  }
});
