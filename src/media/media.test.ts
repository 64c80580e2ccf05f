import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

/**
 * Media through the real API: uploads in each supported format, metadata stripping, orientation, refusals
 * of damaged, disguised and oversized files, ownership of media ids, and profile images.
 */

let s: TestServer;
let alice: { token: string; account: { id: string } };
let bob: { token: string; account: { id: string } };

before(async () => {
  s = await startTestServer();
  alice = await seedAccount(s.ctx, 'alice_media');
  bob = await seedAccount(s.ctx, 'bob_media');
});
after(async () => { await s.close(); });

function form(fields: Record<string, string>, files: Record<string, { data: Buffer; filename: string; type: string }> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
  return fd;
}

/** Fetches a URL the API returned (built on PUBLIC_URL) from the test server instead. */
async function fetchServed(url: string): Promise<{ status: number; type: string | null; data: Buffer }> {
  const u = new URL(url);
  const res = await fetch(s.url + u.pathname);
  return { status: res.status, type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
}

async function mediaCount(): Promise<number> {
  const row = await s.ctx.db.selectFrom('media').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function upload(token: string, data: Buffer, filename: string, type: string, description?: string) {
  return apiClient(s.url, token).post('/api/v2/media', form(description === undefined ? {} : { description }, { file: { data, filename, type } }));
}

const base = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 40, b: 90 } } });

/** Inserts a PNG tEXt chunk right after IHDR. */
function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const type = Buffer.from('tEXt', 'ascii');
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(Buffer.concat([type, data])) >>> 0);
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), len, type, data, crc, png.subarray(ihdrEnd)]);
}

test('JPEG, PNG, WebP and GIF upload to /api/v2/media and are served with their type', async () => {
  const cases = [
    { fmt: 'jpeg', type: 'image/jpeg', filename: 'a.jpg', data: await base(32, 24).jpeg().toBuffer() },
    { fmt: 'png', type: 'image/png', filename: 'a.png', data: await base(33, 25).png().toBuffer() },
    { fmt: 'webp', type: 'image/webp', filename: 'a.webp', data: await base(34, 26).webp().toBuffer() },
    { fmt: 'gif', type: 'image/gif', filename: 'a.gif', data: await base(35, 27).gif().toBuffer() },
  ] as const;
  for (const c of cases) {
    const res = await upload(alice.token, c.data, c.filename, c.type, `a ${c.fmt} picture`);
    assert.equal(res.status, 200, `${c.fmt}: ${JSON.stringify(res.body)}`);
    const m = res.body;
    assert.match(m.id, /^\d+$/);
    assert.equal(m.type, 'image');
    assert.equal(m.description, `a ${c.fmt} picture`);
    const meta = await sharp(c.data).metadata();
    assert.equal(m.meta.original.width, meta.width, c.fmt);
    assert.equal(m.meta.original.height, meta.height, c.fmt);
    assert.match(m.url, /\/media\/[A-Za-z0-9_-]{20,64}\.(jpg|png|webp|gif)$/);

    const served = await fetchServed(m.url);
    assert.equal(served.status, 200);
    assert.equal(served.type, c.type, c.fmt);
    const servedMeta = await sharp(served.data).metadata();
    assert.equal(servedMeta.format, c.fmt);
    assert.equal(servedMeta.width, meta.width);
    assert.equal(servedMeta.height, meta.height);

    const got = await apiClient(s.url, alice.token).get(`/api/v1/media/${m.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.url, m.url);
  }
});

test('a JPEG carrying EXIF with GPS is served without any EXIF', async () => {
  const photo = await base(40, 30).jpeg().withExif({
    IFD0: { ImageDescription: 'exif-caption-media-test', Make: 'TestCam' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 53/1 2346/100', GPSMapDatum: 'GPSDATUM-MEDIA-TEST' },
  }).toBuffer();
  assert.ok((await sharp(photo).metadata()).exif, 'the upload carries EXIF');
  assert.ok(photo.includes('GPSDATUM-MEDIA-TEST'));

  const res = await upload(alice.token, photo, 'gps.jpg', 'image/jpeg');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const served = await fetchServed(res.body.url);
  assert.equal(served.status, 200);
  assert.equal((await sharp(served.data).metadata()).exif, undefined);
  assert.ok(!served.data.includes('Exif'), 'no Exif marker in the served bytes');
  assert.ok(!served.data.includes('GPSDATUM-MEDIA-TEST'));
  assert.ok(!served.data.includes('exif-caption-media-test'));
  assert.ok(!served.data.includes('TestCam'));
});

test('a PNG with a text chunk and EXIF is served without them', async () => {
  const png = withPngText(await base(20, 20).png().withExif({ IFD0: { Make: 'PngCam-secret' } }).toBuffer(), 'Comment', 'png-text-secret-42');
  const inMeta = await sharp(png).metadata();
  assert.ok(png.includes('png-text-secret-42'));
  assert.ok(inMeta.comments?.some((c) => c.text === 'png-text-secret-42'), 'sharp reads the text chunk of the upload');

  const res = await upload(alice.token, png, 'text.png', 'image/png');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const served = await fetchServed(res.body.url);
  const meta = await sharp(served.data).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.comments, undefined);
  assert.equal(meta.exif, undefined);
  assert.ok(!served.data.includes('png-text-secret-42'));
  assert.ok(!served.data.includes('PngCam-secret'));
  assert.ok(!served.data.includes('tEXt') && !served.data.includes('eXIf'));
});

test('EXIF orientation is applied to the pixels: a 20x10 JPEG with orientation 6 is served 10x20', async () => {
  const rotated = await base(20, 10).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const inMeta = await sharp(rotated).metadata();
  assert.equal(inMeta.orientation, 6);
  assert.equal(inMeta.width, 20);

  const res = await upload(alice.token, rotated, 'rot.jpg', 'image/jpeg');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.meta.original.width, 10);
  assert.equal(res.body.meta.original.height, 20);
  const served = await sharp((await fetchServed(res.body.url)).data).metadata();
  assert.equal(served.width, 10);
  assert.equal(served.height, 20);
  assert.equal(served.orientation, undefined);
});

test('a text file named x.jpg is refused with 422 and writes no media row', async () => {
  const before = await mediaCount();
  const res = await upload(alice.token, Buffer.from('this is not a picture at all\n'.repeat(20)), 'x.jpg', 'image/jpeg');
  assert.equal(res.status, 422);
  assert.equal(typeof res.body.error, 'string');
  assert.ok(res.body.error.length > 0);
  assert.equal(await mediaCount(), before);
});

test('a truncated JPEG is refused with 422 and writes no media row', async () => {
  const noise = crypto.randomBytes(64 * 64 * 3);
  const full = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const before = await mediaCount();
  const res = await upload(alice.token, full.subarray(0, Math.floor(full.length / 2)), 'half.jpg', 'image/jpeg');
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(typeof res.body.error, 'string');
  assert.equal(await mediaCount(), before);
});

test('an upload without a file, or as JSON, is a 422', async () => {
  const api = apiClient(s.url, alice.token);
  const noFile = await api.post('/api/v2/media', form({ description: 'nothing' }));
  assert.equal(noFile.status, 422);
  assert.equal(typeof noFile.body.error, 'string');
  const json = await api.post('/api/v2/media', { description: 'json' });
  assert.equal(json.status, 422);
});

test('a file over MEDIA_MAX_BYTES is refused with 413', async () => {
  const small = await startTestServer({ env: { MEDIA_MAX_BYTES: '50000' } });
  try {
    const user = await seedAccount(small.ctx, 'big_uploader');
    const noise = crypto.randomBytes(200 * 200 * 3);
    const png = await sharp(noise, { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    assert.ok(png.length > 50_000, `noise PNG is ${png.length} bytes`);
    const fd = form({}, { file: { data: png, filename: 'big.png', type: 'image/png' } });
    const res = await apiClient(small.url, user.token).post('/api/v2/media', fd);
    assert.equal(res.status, 413, JSON.stringify(res.body));
    assert.equal(typeof res.body.error, 'string');
    const rows = await small.ctx.db.selectFrom('media').select('id').execute();
    assert.equal(rows.length, 0);

    const ok = await apiClient(small.url, user.token).post('/api/v2/media', form({}, { file: { data: await base(10, 10).png().toBuffer(), filename: 's.png', type: 'image/png' } }));
    assert.equal(ok.status, 200, 'a small file still uploads');
  } finally { await small.close(); }
});

test('another user\'s media is 404 on GET and PUT and cannot be attached to a post', async () => {
  const res = await upload(alice.token, await base(12, 12).png().toBuffer(), 'mine.png', 'image/png', 'original');
  assert.equal(res.status, 200);
  const id = res.body.id as string;
  const bobApi = apiClient(s.url, bob.token);

  const get = await bobApi.get(`/api/v1/media/${id}`);
  assert.equal(get.status, 404);
  assert.equal(typeof get.body.error, 'string');
  const put = await bobApi.put(`/api/v1/media/${id}`, { description: 'hijacked' });
  assert.equal(put.status, 404);
  const post = await bobApi.post('/api/v1/statuses', { status: 'look at this', media_ids: [id] });
  assert.equal(post.status, 422, JSON.stringify(post.body));
  const row = await s.ctx.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.description, 'original');
  assert.equal(row.status_id, null);

  assert.equal((await bobApi.get('/api/v1/media/999999999999')).status, 404);
  assert.equal((await bobApi.get('/api/v1/media/not-a-number')).status, 404);
  assert.equal((await apiClient(s.url).get(`/api/v1/media/${id}`)).status, 401);
});

test('the owner can change the description with PUT and attach the media to a post', async () => {
  const api = apiClient(s.url, alice.token);
  const res = await upload(alice.token, await base(14, 14).webp().toBuffer(), 'own.webp', 'image/webp', 'first words');
  const id = res.body.id as string;
  const put = await api.put(`/api/v1/media/${id}`, { description: 'better words', focus: '0.5,-0.25' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.description, 'better words');
  assert.deepEqual(put.body.meta.focus, { x: 0.5, y: -0.25 });
  assert.equal((await api.get(`/api/v1/media/${id}`)).body.description, 'better words');

  const tooLong = await api.put(`/api/v1/media/${id}`, { description: 'x'.repeat(1501) });
  assert.equal(tooLong.status, 422);

  const post = await api.post('/api/v1/statuses', { status: 'with a picture', media_ids: [id] });
  assert.equal(post.status, 200, JSON.stringify(post.body));
  assert.equal(post.body.media_attachments.length, 1);
  assert.equal(post.body.media_attachments[0].id, id);
  assert.equal(post.body.media_attachments[0].description, 'better words');

  const again = await api.post('/api/v1/statuses', { status: 'same picture twice', media_ids: [id] });
  assert.equal(again.status, 422, 'media already attached cannot be attached again');

  // As in Mastodon, /api/v1/media/:id reaches only uploads not yet attached; attached media change through the post.
  assert.equal((await api.get(`/api/v1/media/${id}`)).status, 404);
  assert.equal((await api.put(`/api/v1/media/${id}`, { description: 'too late' })).status, 404);
  const row = await s.ctx.db.selectFrom('media').select('description').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.description, 'better words');
});

test('uploads need a token', async () => {
  const res = await apiClient(s.url).post('/api/v2/media', form({}, { file: { data: await base(8, 8).png().toBuffer(), filename: 'a.png', type: 'image/png' } }));
  assert.equal(res.status, 401);
  assert.equal(typeof res.body.error, 'string');
  const bad = await apiClient(s.url, 'not-a-real-token').post('/api/v2/media', form({}, { file: { data: await base(8, 8).png().toBuffer(), filename: 'a.png', type: 'image/png' } }));
  assert.equal(bad.status, 401);
});

test('update_credentials changes display name, note and avatar; the served avatar is 400x400 without EXIF', async () => {
  const api = apiClient(s.url, alice.token);
  const before = await api.get('/api/v1/accounts/verify_credentials');
  assert.equal(before.status, 200);
  const avatar = await base(900, 600).jpeg().withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 53/1 2346/100', GPSMapDatum: 'AVATAR-DATUM' } }).toBuffer();

  const res = await api.patch('/api/v1/accounts/update_credentials', form(
    { display_name: 'Alice Media', note: 'Pictures & words' },
    { avatar: { data: avatar, filename: 'me.jpg', type: 'image/jpeg' } },
  ));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.display_name, 'Alice Media');
  assert.equal(res.body.source.note, 'Pictures & words');
  assert.match(res.body.note, /Pictures &amp; words/);
  assert.notEqual(res.body.avatar, before.body.avatar);
  const served = await fetchServed(res.body.avatar);
  assert.equal(served.status, 200);
  assert.equal(served.type, 'image/jpeg');
  const meta = await sharp(served.data).metadata();
  assert.equal(meta.width, 400);
  assert.equal(meta.height, 400);
  assert.equal(meta.exif, undefined);
  assert.ok(!served.data.includes('AVATAR-DATUM'));

  // A second avatar replaces the first, whose file is removed.
  const second = await api.patch('/api/v1/accounts/update_credentials', form({}, { avatar: { data: await base(50, 50).png().toBuffer(), filename: 'me2.png', type: 'image/png' } }));
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.notEqual(second.body.avatar, res.body.avatar);
  assert.equal(second.body.display_name, 'Alice Media', 'fields not sent are unchanged');
  assert.equal((await fetchServed(res.body.avatar)).status, 404);
  const m2 = await sharp((await fetchServed(second.body.avatar)).data).metadata();
  assert.equal(m2.width, 400);
  assert.equal(m2.height, 400);

  // JSON works for text fields too.
  const json = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'Alice J', note: 'json note' });
  assert.equal(json.status, 200, JSON.stringify(json.body));
  assert.equal(json.body.display_name, 'Alice J');
  assert.equal(json.body.source.note, 'json note');
  assert.equal(json.body.avatar, second.body.avatar);
});

test('update_credentials refuses a 31-character display name and a bad avatar, changing nothing', async () => {
  const api = apiClient(s.url, bob.token);
  const set = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'Bob', note: 'steady' });
  assert.equal(set.status, 200);
  const mediaBefore = await mediaCount();

  const long = await api.patch('/api/v1/accounts/update_credentials', form(
    { display_name: 'b'.repeat(31), note: 'changed?' },
    { avatar: { data: await base(30, 30).png().toBuffer(), filename: 'a.png', type: 'image/png' } },
  ));
  assert.equal(long.status, 422, JSON.stringify(long.body));
  assert.equal(typeof long.body.error, 'string');
  const jsonLong = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'b'.repeat(31) });
  assert.equal(jsonLong.status, 422);
  assert.equal((await api.patch('/api/v1/accounts/update_credentials', { display_name: 'b'.repeat(30) })).status, 200, '30 is allowed');
  await api.patch('/api/v1/accounts/update_credentials', { display_name: 'Bob' });

  const badAvatar = await api.patch('/api/v1/accounts/update_credentials', form(
    { display_name: 'Bob Changed' },
    { avatar: { data: Buffer.from('not an image'), filename: 'a.jpg', type: 'image/jpeg' } },
  ));
  assert.equal(badAvatar.status, 422);

  const me = await api.get('/api/v1/accounts/verify_credentials');
  assert.equal(me.body.display_name, 'Bob');
  assert.equal(me.body.source.note, 'steady');
  assert.equal(me.body.avatar, set.body.avatar);
  assert.equal(await mediaCount(), mediaBefore, 'no media row left behind by refused updates');
});

test('update_credentials needs a token', async () => {
  const res = await apiClient(s.url).patch('/api/v1/accounts/update_credentials', { display_name: 'anon' });
  assert.equal(res.status, 401);
  assert.equal(typeof res.body.error, 'string');
});

test('/media/ serves only stored keys', async () => {
  assert.equal((await fetch(`${s.url}/media/${'a'.repeat(30)}.jpg`)).status, 404);
  assert.equal((await fetch(`${s.url}/media/..%2F..%2Fetc%2Fpasswd`)).status, 404);
  assert.equal((await fetch(`${s.url}/media/short.jpg`)).status, 404);
});

test('an animated GIF stays animated: every frame and its timing survive re-encoding', async () => {
  const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => sharp({ create: { width: 16, height: 12, channels: 3, background: c } }).png().toBuffer()));
  const gif = await sharp(frames, { join: { animated: true } }).gif({ delay: [100, 200, 300], loop: 0 }).toBuffer();
  assert.equal((await sharp(gif).metadata()).pages, 3);

  const res = await upload(alice.token, gif, 'anim.gif', 'image/gif');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.meta.original.width, res.body.meta.original.height], [16, 12], 'the size of one frame');
  const served = await fetchServed(res.body.url);
  assert.equal(served.type, 'image/gif');
  const meta = await sharp(served.data).metadata();
  assert.equal(meta.format, 'gif');
  assert.equal(meta.pages, 3);
  assert.deepEqual(meta.delay, [100, 200, 300]);
});

test('files are served with long cache lifetimes and nosniff; a 3 MB upload passes the default limit', async () => {
  const noise = crypto.randomBytes(1000 * 1000 * 3);
  const png = await sharp(noise, { raw: { width: 1000, height: 1000, channels: 3 } }).png().toBuffer();
  assert.ok(png.length > 2_000_000, `noise PNG is ${png.length} bytes`);
  const res = await upload(alice.token, png, 'big.png', 'image/png');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.meta.original.size, '1000x1000');

  const served = await fetch(s.url + new URL(res.body.url).pathname);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.match(served.headers.get('cache-control') ?? '', /max-age=31536000/);
  const row = await s.ctx.db.selectFrom('media').select(['size_bytes', 'file_key']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
  assert.equal(row.size_bytes, (await served.arrayBuffer()).byteLength, 'the recorded size is the stored file size');
  assert.ok(!row.file_key.includes('big'), 'the stored name owes nothing to the uploaded name');
});

test('update_credentials sets locked, bot and discoverable, and a 1500x500 header; refuses a 501-character note', async () => {
  const carol = await seedAccount(s.ctx, 'carol_media');
  const api = apiClient(s.url, carol.token);
  const res = await api.patch('/api/v1/accounts/update_credentials', form(
    { locked: 'true', bot: '1', discoverable: 'false' },
    { header: { data: await base(3000, 600).webp().toBuffer(), filename: 'h.webp', type: 'image/webp' } },
  ));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.locked, true);
  assert.equal(res.body.bot, true);
  assert.equal(res.body.discoverable, false);
  const header = await sharp((await fetchServed(res.body.header)).data).metadata();
  assert.deepEqual([header.format, header.width, header.height], ['webp', 1500, 500]);

  const note = await api.patch('/api/v1/accounts/update_credentials', { note: 'n'.repeat(501) });
  assert.equal(note.status, 422);
  assert.equal((await api.patch('/api/v1/accounts/update_credentials', { note: 'n'.repeat(500) })).status, 200, '500 is allowed');
  const unlocked = await api.patch('/api/v1/accounts/update_credentials', { locked: false });
  assert.equal(unlocked.body.locked, false);
  assert.equal(unlocked.body.bot, true, 'fields not sent are unchanged');
});

test('update_credentials with a good avatar and a broken header changes nothing and keeps no upload', async () => {
  const dave = await seedAccount(s.ctx, 'dave_media');
  const api = apiClient(s.url, dave.token);
  const before = (await api.get('/api/v1/accounts/verify_credentials')).body;
  const mediaBefore = await mediaCount();
  const res = await api.patch('/api/v1/accounts/update_credentials', form(
    { display_name: 'Dave' },
    { avatar: { data: await base(40, 40).png().toBuffer(), filename: 'a.png', type: 'image/png' }, header: { data: Buffer.from('GIF89a broken'), filename: 'h.gif', type: 'image/gif' } },
  ));
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const after = (await api.get('/api/v1/accounts/verify_credentials')).body;
  assert.equal(after.display_name, before.display_name);
  assert.equal(after.avatar, before.avatar);
  assert.equal(await mediaCount(), mediaBefore, 'the avatar processed before the header failed is gone');
  const files = (await import('node:fs')).readdirSync(s.ctx.mediaDir);
  const keys = (await s.ctx.db.selectFrom('media').select('file_key').execute()).map((r) => r.file_key).sort();
  assert.deepEqual(files.sort(), keys, 'every file on disk has its row and no more');
});
