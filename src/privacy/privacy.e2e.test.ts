import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { sql } from 'kysely';
import { startTestServer, PASSPHRASE, TEST_BACKEND } from '../../test/harness.js';

/**
 * The promise, tested end to end: a client with a distinctive address, forwarded-for header and user agent
 * signs up, logs in, uploads a photo carrying GPS coordinates and posts it. Afterwards none of those appear
 * in any file of the data directory, in a dump of the database, or in the logs.
 */
const CLIENT_ADDRESS = '127.77.0.1';
const FORWARDED_FOR = '203.0.113.77';
const USER_AGENT = 'PubliusPrivacyProbe/9.9 (distinct-ua-7f3e)';
const GPS_DATUM = 'GPSDATUM-PUBLIUS-7F3E';
const EXIF_CAPTION = 'exif-caption-9q2w';
/** 38°53'23.46" N, 77°2'15.48" W as EXIF rationals, and the same place in decimal degrees. */
const LATITUDE = [38, 1, 53, 1, 2346, 100];
const LONGITUDE = [77, 1, 2, 1, 1548, 100];
const GPS_TEXT = ['38/1 53/1 2346/100', '77/1 2/1 1548/100', '38.8898', '77.0376', '2346/100', '1548/100'];

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string; localAddress?: string }

/** Every request leaves from the distinctive loopback address (Linux routes all of 127/8 to lo). */
const agent = new http.Agent({ localAddress: CLIENT_ADDRESS, keepAlive: true });

function request(base: string, method: string, p: string, opts: { token?: string; json?: unknown; form?: Record<string, string>; multipart?: { boundary: string; body: Buffer }; cookie?: string } = {}): Promise<Reply> {
  const url = new URL(p, base);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT, 'x-forwarded-for': FORWARDED_FOR, 'x-real-ip': FORWARDED_FOR, forwarded: `for=${FORWARDED_FOR}`,
  };
  let body: Buffer | undefined;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.json !== undefined) { body = Buffer.from(JSON.stringify(opts.json)); headers['content-type'] = 'application/json'; }
  if (opts.form) { body = Buffer.from(new URLSearchParams(opts.form).toString()); headers['content-type'] = 'application/x-www-form-urlencoded'; }
  if (opts.multipart) { body = opts.multipart.body; headers['content-type'] = `multipart/form-data; boundary=${opts.multipart.boundary}`; }
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent }, (res) => {
      const localAddress = res.socket?.localAddress;
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), localAddress }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function multipart(fields: Record<string, string>, file: { name: string; filename: string; type: string; data: Buffer }) {
  const boundary = `----probe${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(parts) };
}

/** Reads GPSLatitude and GPSLongitude (three rationals each, as numerator/denominator pairs) from raw EXIF. */
function gpsRationals(exif: Buffer): { littleEndian: boolean; latitude: number[]; longitude: number[] } {
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const littleEndian = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (littleEndian ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (littleEndian ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) => Array.from({ length: u16(ifd) }, (_, i) => {
    const o = ifd + 2 + i * 12;
    return { tag: u16(o), count: u32(o + 4), value: u32(o + 8) };
  });
  const gps = entries(u32(4)).find((e) => e.tag === 0x8825)!.value;
  const rationals = (tag: number) => {
    const e = entries(gps).find((x) => x.tag === tag)!;
    return Array.from({ length: e.count * 2 }, (_, i) => u32(e.value + 4 * i));
  };
  return { littleEndian, latitude: rationals(0x0002), longitude: rationals(0x0004) };
}

/** The rationals as they sit in a file, in both byte orders. */
function rationalBytes(values: number[]): Buffer[] {
  const le = Buffer.alloc(values.length * 4), be = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => { le.writeUInt32LE(v, i * 4); be.writeUInt32BE(v, i * 4); });
  return [le, be];
}

/** Walks a JPEG's marker segments up to the image data, looking for APP1 ("Exif\0\0"). */
function hasExifSegment(jpeg: Buffer): boolean {
  if (jpeg.readUInt16BE(0) !== 0xffd8) return false;
  for (let o = 2; o + 4 <= jpeg.length && jpeg[o] === 0xff;) {
    const marker = jpeg[o + 1];
    if (marker === 0xda) return false;
    const length = jpeg.readUInt16BE(o + 2);
    if (marker === 0xe1 && jpeg.toString('latin1', o + 4, o + 10) === 'Exif\0\0') return true;
    o += 2 + length;
  }
  return false;
}

/** Every key and value in Redis (postgres backend: rate limits and the event bus live there), as text. */
async function redisContents(): Promise<string> {
  if (TEST_BACKEND !== 'postgres' || !process.env.TEST_REDIS_URL) return '';
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.TEST_REDIS_URL);
  try {
    let out = '';
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value = type === 'string' ? await redis.get(key)
          : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
          : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
          : type === 'set' ? JSON.stringify(await redis.smembers(key))
          : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1))
          : '';
        out += `${key} ${value}\n`;
      }
    } while (cursor !== '0');
    return out;
  } finally {
    redis.disconnect();
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

test('no client address, user agent or GPS data reaches the data directory, the database or the logs', async () => {
  const s = await startTestServer({ persistentDb: true, env: { SIGNUP_MODE: 'open', RATE_LIMITS: 'true' } });
  const cleanup = s.cleanup;
  try {
    // The photo really carries GPS and a caption in EXIF before upload.
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a33' } }).jpeg().withExif({
      IFD0: { ImageDescription: EXIF_CAPTION, Make: 'ProbeCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 53/1 2346/100', GPSLongitudeRef: 'W', GPSLongitude: '77/1 2/1 1548/100', GPSMapDatum: GPS_DATUM },
    }).toBuffer();
    assert.ok(photo.includes(GPS_DATUM) && photo.includes('Exif'), 'the test photo carries EXIF GPS data');
    const gps = gpsRationals((await sharp(photo).metadata()).exif!);
    assert.deepEqual(gps.latitude, LATITUDE, 'the photo carries 38°53\'23.46"');
    assert.deepEqual(gps.longitude, LONGITUDE, 'the photo carries 77°2\'15.48"');
    const binaryNeedles = [...rationalBytes(LATITUDE), ...rationalBytes(LONGITUDE)];
    assert.ok(binaryNeedles.some((n) => photo.includes(n)), 'the binary needles match the upload');

    const appReply = await request(s.url, 'POST', '/api/v1/apps', { json: { client_name: 'probe', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' } });
    assert.equal(appReply.localAddress, CLIENT_ADDRESS, 'the client really connects from the distinctive address');
    const appRes = JSON.parse(appReply.body);
    const appToken = JSON.parse((await request(s.url, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: appRes.client_id, client_secret: appRes.client_secret, scope: 'read write follow' } })).body).access_token;
    const reg = await request(s.url, 'POST', '/api/v1/accounts', { token: appToken, json: { username: 'probe_user', password: PASSPHRASE, email: 'probe@example.invalid', agreement: true, locale: 'en' } });
    assert.equal(reg.status, 200, reg.body);
    const token = JSON.parse(reg.body).access_token as string;

    // Log in through the OAuth form as a browser would.
    const form = await request(s.url, 'GET', `/oauth/authorize?response_type=code&client_id=${appRes.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const cookie = String(form.headers['set-cookie']).split(';')[0];
    const login = await request(s.url, 'POST', '/oauth/authorize', { cookie, form: { _csrf: csrf, response_type: 'code', client_id: appRes.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read', handle: 'probe_user', passphrase: PASSPHRASE } });
    assert.equal(login.status, 200);
    assert.match(login.body, /Authorization code/);

    const upload = await request(s.url, 'POST', '/api/v2/media', { token, multipart: multipart({ description: 'a red square' }, { name: 'file', filename: 'IMG_0001.jpg', type: 'image/jpeg', data: photo }) });
    assert.equal(upload.status, 200, upload.body);
    const media = JSON.parse(upload.body);
    const post = await request(s.url, 'POST', '/api/v1/statuses', { token, json: { status: 'A photo from somewhere', media_ids: [media.id] } });
    assert.equal(post.status, 200, post.body);
    assert.equal((await request(s.url, 'GET', '/api/v1/timelines/home', { token })).status, 200);
    assert.equal((await request(s.url, 'GET', '/api/v1/timelines/public')).status, 200);
    assert.equal((await request(s.url, 'GET', '/api/v2/search?q=photo', { token })).status, 200);
    const served = await request(s.url, 'GET', new URL(media.url).pathname);
    assert.equal(served.status, 200);

    // The server did its work: the post and the file exist.
    const stored = await s.ctx.db.selectFrom('statuses').select('id').where('id', '=', JSON.parse(post.body).id).executeTakeFirst();
    assert.ok(stored, 'the post was stored');
    let dump = '';
    if (TEST_BACKEND === 'postgres') {
      dump = execFileSync('pg_dump', ['--data-only', s.databaseUrl!], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
    } else {
      const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema()`.execute(s.ctx.db);
      for (const { t } of tables.rows) dump += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(s.ctx.db)).rows);
    }
    assert.ok(dump.includes('probe_user') && dump.includes('A photo from somewhere'), 'the dump holds the data');
    const redis = await redisContents();
    agent.destroy();
    await s.stop();

    const files = filesUnder(s.dataDir);
    assert.ok(files.some((f) => f.includes(`${path.sep}media${path.sep}`)), 'media files were written');
    if (TEST_BACKEND === 'embedded') assert.ok(files.some((f) => f.includes(`${path.sep}db${path.sep}`)), 'the embedded database is on disk');
    const needles = [CLIENT_ADDRESS, FORWARDED_FOR, USER_AGENT, 'distinct-ua-7f3e', GPS_DATUM, EXIF_CAPTION, 'ProbeCam', 'probe@example.invalid', 'IMG_0001', ...GPS_TEXT];
    const hits: string[] = [];
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      const text = bytes.toString('latin1');
      const name = path.relative(s.dataDir, f);
      for (const n of needles) if (text.includes(n)) hits.push(`${name}: ${n}`);
      for (const n of binaryNeedles) if (bytes.includes(n)) hits.push(`${name}: GPS rationals ${n.toString('hex')}`);
      if (f.includes(`${path.sep}media${path.sep}`)) {
        if (hasExifSegment(bytes)) hits.push(`${name}: EXIF APP1 segment`);
        if (bytes.includes(Buffer.from('Exif\0\0')) || bytes.includes(Buffer.from('GPS'))) hits.push(`${name}: EXIF or GPS marker`);
      }
    }
    for (const n of needles) if (redis.includes(n)) hits.push(`redis: ${n}`);
    const logs = s.logs.join('');
    assert.ok(logs.includes('/api/v1/statuses'), 'the access log recorded the requests');
    for (const n of needles) {
      if (dump.includes(n)) hits.push(`database dump: ${n}`);
      if (logs.includes(n)) hits.push(`logs: ${n}`);
    }
    assert.deepEqual(hits, []);
  } finally {
    agent.destroy();
    await cleanup();
  }
});
