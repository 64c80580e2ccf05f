import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import sharp from 'sharp';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../test/harness.js';
import { sql } from 'kysely';
import { INVENTORY } from './inventory.js';
import { NO_HOLDS } from './legal-hold.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

async function upload(token: string) {
  const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#123' } }).png().toBuffer();
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'x.png');
  return (await apiClient(s.url, token).post('/api/v2/media', form)).body;
}

test('"what this server holds about me" lists every owned inventory table, hashes hidden, and what is never collected', async () => {
  const a = await seedAccount(s.ctx, 'h_alice'); const b = await seedAccount(s.ctx, 'h_bob');
  const A = apiClient(s.url, a.token);
  await apiClient(s.url, b.token).post(`/api/v1/accounts/${a.account.id}/follow`);
  await A.post('/api/v1/statuses', { status: 'my words #mine' });
  const mention = (await apiClient(s.url, b.token).post('/api/v1/statuses', { status: 'hello @h_alice', visibility: 'direct' })).body;
  const h = (await A.get('/api/v1/publius/holdings')).body;
  assert.equal(h.account, 'h_alice');
  assert.deepEqual(h.tables.map((t: any) => t.table).sort(), Object.entries(INVENTORY).filter(([, e]) => e.owner).map(([t]) => t).sort());
  const accounts = h.tables.find((t: any) => t.table === 'accounts');
  assert.equal(accounts.rows[0].handle, 'h_alice');
  assert.equal(accounts.rows[0].passphrase_hash, '[stored only as a hash]');
  assert.ok(h.tables.find((t: any) => t.table === 'statuses').rows.some((r: any) => r.text === 'my words #mine'));
  assert.ok(h.tables.find((t: any) => t.table === 'follows').rows.some((r: any) => r.follower_id === b.account.id), 'who follows me is listed');
  assert.deepEqual(h.tables.find((t: any) => t.table === 'status_mentions').rows, [{ status_id: mention.id, account_id: a.account.id }], 'posts that mention me are listed');
  assert.ok(h.tables.find((t: any) => t.table === 'access_tokens').rows.every((r: any) => r.token_hash === '[stored only as a hash]'));
  assert.ok(h.never_collected.includes('connection.ip') && h.never_collected.includes('subscriber.email'));
  const bobView = (await apiClient(s.url, b.token).get('/api/v1/publius/holdings')).body;
  assert.ok(!JSON.stringify(bobView.tables.find((t: any) => t.table === 'statuses')).includes('my words'), "nobody sees another account's holdings");
  assert.equal((await apiClient(s.url).get('/api/v1/publius/holdings')).status, 401);
});

function unzip(data: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  const zip = path.join(dir, 'export.zip');
  fs.writeFileSync(zip, data);
  execFileSync('python3', ['-c', 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, path.join(dir, 'out')]);
  return path.join(dir, 'out');
}

test('export is a zip with holdings, posts with their edits, relations, and media files', async () => {
  const a = await seedAccount(s.ctx, 'x_alice'); const b = await seedAccount(s.ctx, 'x_bob');
  const c = await seedAccount(s.ctx, 'x_carol'); const d = await seedAccount(s.ctx, 'x_dave'); const e = await seedAccount(s.ctx, 'x_erin');
  const A = apiClient(s.url, a.token);
  const media = await upload(a.token);
  const mine = (await A.post('/api/v1/statuses', { status: 'exported post', media_ids: [media.id] })).body;
  assert.equal((await A.put(`/api/v1/statuses/${mine.id}`, { status: 'exported post, edited', media_ids: [media.id] })).status, 200);
  const bobPost = (await apiClient(s.url, b.token).post('/api/v1/statuses', { status: 'bob writes' })).body;
  await A.post(`/api/v1/accounts/${b.account.id}/follow`);
  await apiClient(s.url, c.token).post(`/api/v1/accounts/${a.account.id}/follow`);
  await A.post(`/api/v1/accounts/${d.account.id}/mute`);
  await A.post(`/api/v1/accounts/${e.account.id}/block`);
  await A.post(`/api/v1/statuses/${bobPost.id}/bookmark`);
  await A.post(`/api/v1/statuses/${bobPost.id}/favourite`);
  await apiClient(s.url, b.token).post('/api/v1/statuses', { status: 'not alice\'s' });

  const res = await fetch(`${s.url}/api/v1/publius/export`, { headers: { authorization: `Bearer ${a.token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition')!, /^attachment; filename="publius-x_alice-export.zip"$/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const dir = unzip(Buffer.from(await res.arrayBuffer()));
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  try {
    const holdings = read('holdings.json');
    assert.equal(holdings.account, 'x_alice');
    assert.ok(holdings.never_collected.includes('connection.ip'));
    assert.equal(holdings.tables.find((t: any) => t.table === 'accounts').rows[0].passphrase_hash, '[stored only as a hash]');

    const posts = read('posts.json');
    assert.deepEqual(posts.map((p: any) => p.text), ['exported post, edited'], 'only her own posts');
    assert.ok(posts[0].edits.some((e: any) => e.text === 'exported post'), 'the earlier version is included');
    const file = path.basename(new URL(media.url).pathname);
    assert.deepEqual(posts[0].media, [`media/${file}`]);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'media')), [file]);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'media', file)), fs.readFileSync(path.join(s.ctx.mediaDir, file)));

    const acct = (h: string) => `${h}@${s.config.domain}`;
    assert.deepEqual(read('following.json').map((x: any) => x.acct), [acct('x_bob')]);
    assert.deepEqual(read('followers.json').map((x: any) => x.acct), [acct('x_carol')]);
    assert.deepEqual(read('mutes.json').map((x: any) => x.acct), [acct('x_dave')]);
    assert.deepEqual(read('blocks.json').map((x: any) => x.acct), [acct('x_erin')]);
    assert.deepEqual(read('bookmarks.json').map((x: any) => x.id), [bobPost.id]);
    assert.deepEqual(read('favourites.json').map((x: any) => x.id), [bobPost.id]);
    assert.equal(read('bookmarks.json')[0].url, `${s.config.publicUrl}/@x_bob/${bobPost.id}`);
    assert.equal(fs.readFileSync(path.join(dir, 'following_accounts.csv'), 'utf8'), `Account address,Show boosts,Notify on new posts,Languages\n${acct('x_bob')},true,false,\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'blocked_accounts.csv'), 'utf8'), `${acct('x_erin')}\n`);
    assert.ok(fs.existsSync(path.join(dir, 'README.txt')));
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }

  assert.equal((await fetch(`${s.url}/api/v1/publius/export`)).status, 401);
});

test('deletion needs the passphrase, is immediate, removes media files and fixes the counters of others', async () => {
  const a = await seedAccount(s.ctx, 'd_alice'); const b = await seedAccount(s.ctx, 'd_bob');
  const A = apiClient(s.url, a.token), B = apiClient(s.url, b.token);
  const media = await upload(a.token);
  const avatar = new FormData();
  avatar.append('avatar', new Blob([await sharp({ create: { width: 8, height: 8, channels: 3, background: '#456' } }).png().toBuffer()], { type: 'image/png' }), 'a.png');
  const profile = (await A.patch('/api/v1/accounts/update_credentials', avatar)).body;
  const alicePost = (await A.post('/api/v1/statuses', { status: 'soon gone', media_ids: [media.id] })).body;
  const bobPost = (await B.post('/api/v1/statuses', { status: 'bob stays' })).body;
  await A.post(`/api/v1/accounts/${b.account.id}/follow`);
  await B.post(`/api/v1/accounts/${a.account.id}/follow`);
  await A.post(`/api/v1/statuses/${bobPost.id}/favourite`);
  await A.post(`/api/v1/statuses/${bobPost.id}/reblog`);
  await A.post('/api/v1/statuses', { status: 'a reply', in_reply_to_id: bobPost.id });
  await A.post('/api/v1/statuses', { status: 'another reply', in_reply_to_id: bobPost.id });
  await B.post(`/api/v1/statuses/${alicePost.id}/reblog`);
  const bobBefore = (await B.get('/api/v1/accounts/verify_credentials')).body;
  assert.deepEqual([bobBefore.followers_count, bobBefore.following_count, bobBefore.statuses_count], [1, 1, 2]);
  const postBefore = (await B.get(`/api/v1/statuses/${bobPost.id}`)).body;
  assert.deepEqual([postBefore.favourites_count, postBefore.reblogs_count, postBefore.replies_count], [1, 1, 2]);
  const files = [media.url, profile.avatar].map((u: string) => path.join(s.ctx.mediaDir, path.basename(new URL(u).pathname)));
  assert.ok(files.every((f) => fs.existsSync(f)));

  assert.equal((await A.delete('/api/v1/publius/account', { passphrase: 'wrong passphrase here' })).status, 401);
  assert.equal((await A.delete('/api/v1/publius/account', {})).status, 422);
  assert.equal((await apiClient(s.url).delete('/api/v1/publius/account', { passphrase: PASSPHRASE })).status, 401);
  assert.ok(await s.ctx.accounts.byId(a.account.id), 'nothing happened on a wrong passphrase');
  assert.ok(files.every((f) => fs.existsSync(f)));

  const res = await A.delete('/api/v1/publius/account', { passphrase: PASSPHRASE });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { deleted: true });
  assert.equal(await s.ctx.accounts.byId(a.account.id), undefined);
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).status, 401, 'its tokens are gone');
  assert.deepEqual(files.filter((f) => fs.existsSync(f)), [], 'its media files, avatar included, are gone');
  for (const table of Object.keys(INVENTORY).filter((t) => INVENTORY[t].owner && !['status_edits', 'status_mentions', 'status_tags'].includes(t))) {
    const owner = INVENTORY[table].owner!;
    const { rows } = await sql`select 1 from ${sql.table(table)} where ${sql.ref(owner)} = ${a.account.id}`.execute(s.ctx.db);
    assert.equal(rows.length, 0, `${table} keeps no row of the deleted account`);
  }
  assert.equal((await s.ctx.db.selectFrom('follows').select('id').where('followee_id', '=', a.account.id).execute()).length, 0);
  assert.equal((await s.ctx.db.selectFrom('notifications').select('id').where('from_account_id', '=', a.account.id).execute()).length, 0);
  assert.equal((await s.ctx.db.selectFrom('preservation_notices').select('id').execute()).length, 0, 'no hold, no notice');

  const bobNow = (await B.get('/api/v1/accounts/verify_credentials')).body;
  assert.deepEqual([bobNow.followers_count, bobNow.following_count, bobNow.statuses_count], [0, 0, 1], 'his boost of her post went with it');
  const post = (await B.get(`/api/v1/statuses/${bobPost.id}`)).body;
  assert.deepEqual([post.favourites_count, post.reblogs_count, post.replies_count], [0, 0, 0]);
  // The handle is free again only as a new, unrelated account.
  assert.equal((await s.ctx.accounts.signUp({ handle: 'd_alice', passphrase: PASSPHRASE })).account.handle, 'd_alice');
});

test('deleting an account under a legal hold answers the same and leaves a preservation notice for the legal desk', async () => {
  const a = await seedAccount(s.ctx, 'lh_alice'); const b = await seedAccount(s.ctx, 'lh_bob');
  await apiClient(s.url, a.token).post('/api/v1/statuses', { status: 'held words' });
  const asked: string[] = [];
  s.ctx.privacy.legalHolds = { async holdsFor(id) { asked.push(id); return id === a.account.id ? [{ id: 'hold-7', caseId: 'case-3' }] : []; } };
  try {
    const res = await apiClient(s.url, a.token).delete('/api/v1/publius/account', { passphrase: PASSPHRASE });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { deleted: true }, 'the account holder is not told about the hold');
    assert.equal((await apiClient(s.url, b.token).delete('/api/v1/publius/account', { passphrase: PASSPHRASE })).status, 200);
  } finally {
    s.ctx.privacy.legalHolds = NO_HOLDS;
  }
  assert.deepEqual(asked, [a.account.id, b.account.id], 'deletion consults the registry every time');
  const notices = await s.ctx.db.selectFrom('preservation_notices').selectAll().execute();
  assert.equal(notices.length, 1);
  assert.deepEqual([notices[0].hold_id, notices[0].case_id, notices[0].account_id, notices[0].handle], ['hold-7', 'case-3', a.account.id, 'lh_alice']);
  assert.match(notices[0].deleted_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(await s.ctx.accounts.byId(a.account.id), undefined, 'preservation snapshots are not implemented yet: the account is deleted');
  assert.ok(s.logs.join('').includes('preservation notice recorded'));
});

test('sessions can be listed and revoked through the API; passphrase and recovery codes can be changed', async () => {
  const a = await seedAccount(s.ctx, 's_alice');
  const second = await s.ctx.sessions.issue({ kind: 'web', accountId: a.account.id, appId: null, scopes: ['read'], ttlDays: 1 });
  const A = apiClient(s.url, a.token);
  const list = (await A.get('/api/v1/publius/sessions')).body;
  assert.equal(list.length, 2);
  assert.equal(list.filter((x: any) => x.current).length, 1);
  assert.ok(list.every((x: any) => /^\d{4}-\d{2}-\d{2}$/.test(x.created_on)), 'dates, never times');
  const other = list.find((x: any) => !x.current);
  const b = await seedAccount(s.ctx, 's_bob');
  assert.equal((await apiClient(s.url, b.token).delete(`/api/v1/publius/sessions/${other.id}`)).status, 404, "cannot revoke another account's session");
  assert.equal((await A.delete(`/api/v1/publius/sessions/${other.id}`)).status, 200);
  assert.equal(await s.ctx.sessions.authenticate(second.token), null);
  assert.equal((await A.post('/api/v1/publius/passphrase', { current: 'not it at all!!', new: 'another good passphrase 5' })).status, 401);
  assert.equal((await A.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: 'short' })).status, 422);
  assert.equal((await A.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: 'another good passphrase 5' })).status, 200);
  const codes = (await A.post('/api/v1/publius/recovery_codes', { passphrase: 'another good passphrase 5' })).body.recovery_codes;
  assert.equal(codes.length, 10);
  assert.equal((await apiClient(s.url).post('/api/v1/publius/recover', { handle: 's_alice', recovery_code: codes[0], new_passphrase: 'recovered passphrase 77' })).status, 200);
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).status, 401, 'recovery ends every session');
});

test('the account holder sees moderation actions and appeal decisions about them, but not which moderator took them', async () => {
  const { account: author } = await seedAccount(s.ctx, 'modded_author');
  const { account: steward } = await seedAccount(s.ctx, 'steward_x', { role: 'moderator' });
  const post = await s.ctx.posts.create(author, { text: 'a post to act on' });
  const action = await s.ctx.moderation.act(steward, { kind: 'mark_sensitive', reason: 'Needs a warning', accountId: author.id, statusId: post.id });
  const appeal = await s.ctx.moderation.appeal(author, action.id, 'It does not, please look again');
  await s.ctx.moderation.decideAppeal(steward, appeal.id, { decision: 'upheld', reason: 'The image is graphic' });

  const held = await s.ctx.privacy.holdings(author.id);
  const rows = (table: string) => held.tables.find((t) => t.table === table)!.rows;
  const [act] = rows('moderation_actions');
  assert.equal(act.reason, 'Needs a warning', 'the reason is theirs to read');
  assert.equal(act.moderator_id, '[withheld: names a moderator]');
  const [decided] = rows('moderation_appeals');
  assert.equal(decided.decision_reason, 'The image is graphic');
  assert.equal(decided.decided_by, '[withheld: names a moderator]');
  const naming = held.tables.flatMap((t) => t.rows.filter((r) => Object.entries(r).some(([k, v]) => k !== 'account_id' && k !== 'id' && String(v) === steward.id)).map((r) => t.table));
  assert.deepEqual(naming, [], "no row of the holder's copy points at the moderator's account");
  const stored = await s.ctx.db.selectFrom('moderation_actions').select('moderator_id').where('id', '=', action.id).executeTakeFirstOrThrow();
  assert.equal(stored.moderator_id, steward.id, 'the server keeps it for staff accountability');
});
