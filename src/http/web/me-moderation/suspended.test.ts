import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';
import { registerApp, openAuthorize, authorizeQuery, formPost, authorizeCode } from '../../../../test/oauth.js';

/**
 * A suspended account logs in through the web into a restricted session: it reads why it was suspended and
 * appeals, and nothing else (no timeline, no posting, no following, no other settings, no API, no OAuth).
 * Once the appeal is granted the account works as before.
 */
test('a suspended account reads the reason and appeals through a restricted web session; nothing else works until the suspension is lifted', async () => {
  const s = await startTestServer();
  try {
    const { account: mod } = await seedAccount(s.ctx, 'mod', { role: 'moderator' });
    await seedAccount(s.ctx, 'carol');
    const { account: bob, token: bobApiToken } = await seedAccount(s.ctx, 'bob');
    const oauthApp = await registerApp(s.url);

    // Bob was signed in before; the suspension ends that session and his app token.
    const before = new WebClient(s.url);
    await before.logIn('bob', PASSPHRASE);
    assert.equal((await before.get('/home')).status, 200);
    await s.ctx.moderation.act(mod, { kind: 'suspend', accountId: bob.id, reason: 'Spam with <script> links' });
    assert.equal((await before.get('/home')).status, 303, 'the old session is gone');
    assert.equal((await apiClient(s.url, bobApiToken).get('/api/v1/accounts/verify_credentials')).status, 401);

    // A wrong passphrase says nothing about the suspension.
    const guess = new WebClient(s.url);
    await guess.get('/login');
    const wrong = await guess.post('/login', { handle: 'bob', passphrase: 'not the passphrase at all' });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.text, /suspend/i);

    // The right passphrase: a restricted session, landing on the moderation page whatever `next` said.
    const web = new WebClient(s.url);
    await web.get('/login?next=%2Fsettings%2Fprofile');
    const login = await web.post('/login', { handle: 'bob', passphrase: PASSPHRASE, next: '/settings/profile' });
    assert.equal(login.status, 303, login.text.slice(0, 300));
    assert.equal(login.location, '/settings/moderation');
    const mine = await web.get('/settings/moderation');
    assert.equal(mine.status, 200, mine.text.slice(0, 300));
    assert.match(mine.text, /This account is suspended/);
    assert.match(mine.text, /Reason:<\/strong> Spam with &lt;script&gt; links/, 'the reason, escaped');
    assert.doesNotMatch(mine.text, /<script> links/);
    assert.doesNotMatch(mine.text, /@mod\b/, 'the moderator is not named');
    assert.match(mine.text, /action="\/settings\/moderation\/\d+\/appeal"/, 'the appeal form');
    assert.match(mine.text, /action="\/logout"/, 'a way to log out');
    assert.doesNotMatch(mine.text, /href="\/settings\/profile"|href="\/home"/, 'no links to pages it may not use');

    // Everything else treats the session as nobody's.
    for (const path of ['/home', '/settings', '/settings/profile', '/settings/passphrase', '/settings/sessions', '/settings/data', '/settings/delete', '/notifications', '/moderation', '/legal-notices']) {
      const res = await web.get(path);
      assert.equal(res.status, 303, `${path} is refused`);
      assert.match(res.location ?? '', /^\/login\?next=/, path);
    }
    const backToLogin = await web.get('/login?next=%2Fhome');
    assert.equal(backToLogin.status, 303);
    assert.equal(backToLogin.location, '/settings/moderation', 'the log-in page sends the suspended browser back to what it may read');
    await web.get('/settings/moderation');
    const posted = await web.post('/home', { status: 'still here', visibility: 'public' });
    assert.equal(posted.status, 303);
    assert.match(posted.location ?? '', /^\/login/);
    await web.get('/settings/moderation');
    const followed = await web.post('/@carol/follow', {});
    assert.equal(followed.status, 303);
    assert.match(followed.location ?? '', /^\/login/);
    await web.get('/settings/moderation');
    assert.equal((await web.post('/settings/profile', { display_name: 'Bob again' })).status, 303);
    await web.get('/settings/moderation');
    assert.equal((await web.post('/settings/data/export', {})).status, 303);
    assert.equal((await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', bob.id).execute()).length, 0, 'nothing was posted');
    assert.equal((await s.ctx.db.selectFrom('follows').select('id').where('follower_id', '=', bob.id).execute()).length, 0, 'nobody was followed');
    assert.equal((await s.ctx.accounts.byId(bob.id))!.display_name, '', 'the profile is unchanged');

    // The session cookie is no API token, neither as a cookie nor as a bearer token.
    const sessionToken = web.cookies.get('publius_session')!;
    assert.ok(sessionToken);
    assert.equal((await apiClient(s.url, sessionToken).get('/api/v1/accounts/verify_credentials')).status, 401);
    const cookieApi = await fetch(`${s.url}/api/v1/accounts/verify_credentials`, { headers: { cookie: `publius_session=${sessionToken}` } });
    assert.equal(cookieApi.status, 401);
    assert.equal((await apiClient(s.url, sessionToken).post('/api/v1/statuses', { status: 'via api' })).status, 401);

    // OAuth (how Mastodon apps log in) still refuses the account with its usual error.
    const page = await openAuthorize(s.url, authorizeQuery(oauthApp));
    const refused = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'bob', passphrase: PASSPHRASE }, { cookie: page.cookie! });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /Your login is currently disabled/);
    const withSession = await openAuthorize(s.url, authorizeQuery(oauthApp), `publius_session=${sessionToken}; ${page.cookie}`);
    const consentOnly = await formPost(s.url, '/oauth/authorize', { ...withSession.hidden }, { cookie: `publius_session=${sessionToken}; ${page.cookie}` });
    assert.notEqual(consentOnly.status, 302, 'the restricted session does not authorize an app');
    assert.equal((await s.ctx.db.selectFrom('oauth_codes').select('code_hash').execute()).length, 0, 'no code was issued');

    // The appeal: CSRF-checked like every form, then filed.
    const actionId = (await s.ctx.db.selectFrom('moderation_actions').select('id').where('account_id', '=', bob.id).executeTakeFirstOrThrow()).id;
    await web.get('/settings/moderation');
    assert.equal((await web.post(`/settings/moderation/${actionId}/appeal`, { text: 'forged' }, { csrf: 'forged' })).status, 403);
    await web.get('/settings/moderation');
    const blank = await web.post(`/settings/moderation/${actionId}/appeal`, { text: '   ' });
    assert.equal(blank.status, 422);
    assert.match(blank.text, /This account is suspended/);
    const appealed = await web.post(`/settings/moderation/${actionId}/appeal`, { text: 'Those were <b>my own</b> sites' });
    assert.equal(appealed.status, 303, appealed.text.slice(0, 300));
    const filed = await web.get(appealed.location!);
    assert.equal(filed.status, 200);
    assert.match(filed.text, /Your appeal is filed/);
    assert.match(filed.text, /is waiting for a moderator/);
    assert.equal((await new WebClient(s.url).get('/settings/moderation')).status, 303, 'anonymous readers are sent to log in');

    // Logging out ends the restricted session.
    const other = new WebClient(s.url);
    await other.logIn('bob', PASSPHRASE);
    await other.get('/settings/moderation');
    const out = await other.post('/logout', {});
    assert.equal(out.status, 303);
    assert.equal((await other.get('/settings/moderation')).status, 303);

    // The moderator finds the appeal in the queue and grants it.
    const modWeb = new WebClient(s.url);
    await modWeb.logIn('mod', PASSPHRASE);
    const queue = await modWeb.get('/moderation/appeals');
    assert.equal(queue.status, 200);
    assert.match(queue.text, /Those were &lt;b&gt;my own&lt;\/b&gt; sites/);
    const appealId = (await s.ctx.db.selectFrom('moderation_appeals').select('id').executeTakeFirstOrThrow()).id;
    assert.equal((await modWeb.post(`/moderation/appeals/${appealId}`, { decision: 'reversed', reason: 'Checked: they are yours' })).status, 303);
    assert.equal((await s.ctx.accounts.byId(bob.id))!.suspended, false);

    // The account works again: the open session, a fresh log-in, and apps.
    assert.equal((await web.get('/home')).status, 200);
    const granted = await web.get('/settings/moderation');
    assert.doesNotMatch(granted.text, /This account is suspended/);
    assert.match(granted.text, /granted: the action is reversed/);
    const again = new WebClient(s.url);
    await again.get('/login?next=%2Fhome');
    const ok = await again.post('/login', { handle: 'bob', passphrase: PASSPHRASE, next: '/home' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/home');
    assert.equal((await again.get('/home')).status, 200);
    const postedNow = await again.post('/home', { status: 'back again', visibility: 'public' });
    assert.equal(postedNow.status, 303);
    assert.equal((await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', bob.id).execute()).length, 1);
    assert.ok(await authorizeCode(s.url, oauthApp, { handle: 'bob' }), 'OAuth works again');
  } finally {
    await s.close();
  }
});

test('a suspension without a recorded action (the `publius suspend` command) is still explained, and lifting it restores the account', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'dora');
    await s.ctx.accounts.setSuspended('dora', true);
    const web = new WebClient(s.url);
    await web.get('/login');
    const login = await web.post('/login', { handle: 'dora', passphrase: PASSPHRASE });
    assert.equal(login.location, '/settings/moderation');
    const page = await web.get('/settings/moderation');
    assert.equal(page.status, 200);
    assert.match(page.text, /This account is suspended/);
    assert.match(page.text, /No reason was recorded/);
    assert.equal((await web.get('/home')).status, 303);
    await s.ctx.accounts.setSuspended('dora', false);
    assert.equal((await web.get('/home')).status, 200);
  } finally {
    await s.close();
  }
});
