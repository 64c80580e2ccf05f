import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import sharp from 'sharp';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../test/harness.js';
import { INVENTORY } from './inventory.js';

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
  const h = (await A.get('/api/v1/publius/holdings')).body;
  assert.equal(h.account, 'h_alice');
  assert.deepEqual(h.tables.map((t: any) => t.table).sort(), Object.entries(INVENTORY).filter(([, e]) => e.owner).map(([t]) => t).sort());
  const accounts = h.tables.find((t: any) => t.table === 'accounts');
  assert.equal(accounts.rows[0].handle, 'h_alice');
  assert.equal(accounts.rows[0].passphrase_hash, '[stored only as a hash]');
  assert.ok(h.tables.find((t: any) => t.table === 'statuses').rows.some((r: any) => r.text === 'my words #mine'));
  assert.ok(h.tables.find((t: any) => t.table === 'follows').rows.some((r: any) => r.follower_id === b.account.id), 'who follows me is listed');
  assert.ok(h.tables.find((t: any) => t.table === 'access_tokens').rows.every((r: any) => r.token_hash === '[stored only as a hash]'));
  assert.ok(h.never_collected.includes('connection.ip') && h.never_collected.includes('subscriber.email'));
  const bobView = (await apiClient(s.url, b.token).get('/api/v1/publius/holdings')).body;
  assert.ok(!JSON.stringify(bobView.tables.find((t: any) => t.table === 'statuses')).includes('my words'), "nobody sees another account's holdings");
  assert.equal((await apiClient(s.url).get('/api/v1/publius/holdings')).status, 401);
});

test('export is a zip with holdings, posts and media files', async () => {
  const a = await seedAccount(s.ctx, 'x_alice');
  const media = await upload(a.token);
  await apiClient(s.url, a.token).post('/api/v1/statuses', { status: 'exported post', media_ids: [media.id] });
  const res = await fetch(`${s.url}/api/v1/publius/export`, { headers: { authorization: `Bearer ${a.token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition')!, /attachment; filename="publius-x_alice-export.zip"/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  const zip = path.join(dir, 'export.zip');
  fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
  execFileSync('python3', ['-c', `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])`, zip, dir]);
  const holdings = JSON.parse(fs.readFileSync(path.join(dir, 'holdings.json'), 'utf8'));
  assert.equal(holdings.account, 'x_alice');
  assert.ok(JSON.parse(fs.readFileSync(path.join(dir, 'posts.json'), 'utf8')).some((p: any) => p.text === 'exported post'));
  assert.deepEqual(fs.readdirSync(path.join(dir, 'media')), [path.basename(new URL(media.url).pathname)]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('deletion needs the passphrase, is immediate, removes media files and fixes the counters of others', async () => {
  const a = await seedAccount(s.ctx, 'd_alice'); const b = await seedAccount(s.ctx, 'd_bob');
  const A = apiClient(s.url, a.token), B = apiClient(s.url, b.token);
  const media = await upload(a.token);
  await A.post('/api/v1/statuses', { status: 'soon gone', media_ids: [media.id] });
  const bobPost = (await B.post('/api/v1/statuses', { status: 'bob stays' })).body;
  await A.post(`/api/v1/accounts/${b.account.id}/follow`);
  await B.post(`/api/v1/accounts/${a.account.id}/follow`);
  await A.post(`/api/v1/statuses/${bobPost.id}/favourite`);
  await A.post(`/api/v1/statuses/${bobPost.id}/reblog`);
  await A.post('/api/v1/statuses', { status: 'a reply', in_reply_to_id: bobPost.id });
  const file = path.join(s.ctx.mediaDir, path.basename(new URL(media.url).pathname));
  assert.ok(fs.existsSync(file));

  assert.equal((await A.delete('/api/v1/publius/account', { passphrase: 'wrong passphrase here' })).status, 401);
  assert.equal((await A.delete('/api/v1/publius/account', {})).status, 422);
  assert.ok(await s.ctx.accounts.byId(a.account.id), 'nothing happened on a wrong passphrase');

  assert.equal((await A.delete('/api/v1/publius/account', { passphrase: PASSPHRASE })).status, 200);
  assert.equal(await s.ctx.accounts.byId(a.account.id), undefined);
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).status, 401, 'its tokens are gone');
  assert.equal(fs.existsSync(file), false, 'its media files are gone');
  for (const table of ['statuses', 'media', 'follows', 'favourites', 'access_tokens', 'recovery_codes', 'notifications'] as const) {
    const col = table === 'follows' ? 'follower_id' : table === 'notifications' ? 'from_account_id' : 'account_id';
    assert.equal((await s.ctx.db.selectFrom(table).select(col as any).where(col as any, '=', a.account.id).execute()).length, 0, table);
  }
  const bobNow = (await B.get('/api/v1/accounts/verify_credentials')).body;
  assert.deepEqual([bobNow.followers_count, bobNow.following_count], [0, 0]);
  const post = (await B.get(`/api/v1/statuses/${bobPost.id}`)).body;
  assert.deepEqual([post.favourites_count, post.reblogs_count, post.replies_count], [0, 0, 0]);
  // The handle is free again only as a new, unrelated account.
  assert.equal((await s.ctx.accounts.signUp({ handle: 'd_alice', passphrase: PASSPHRASE })).account.handle, 'd_alice');
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
  assert.equal((await apiClient(s.url).post('/api/v1/publius/recover', { handle: 's_alice', code: codes[0], new_passphrase: 'recovered passphrase 77' })).status, 200);
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).status, 401, 'recovery ends every session');
});
