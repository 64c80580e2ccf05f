import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../../test/harness.js';
import { PUBLIC_DIR } from './static.js';

/** /static/*: files from public/ with their content types, cache headers and ETags, and nothing else. */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

test('the stylesheet is served as CSS with cache headers, and revalidates with its ETag', async () => {
  const res = await fetch(`${s.url}/static/publius.css`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=3600');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const etag = res.headers.get('etag');
  assert.match(etag ?? '', /^"[A-Za-z0-9_-]+"$/);
  assert.equal(await res.text(), fs.readFileSync(path.join(PUBLIC_DIR, 'publius.css'), 'utf8'));

  const again = await fetch(`${s.url}/static/publius.css`, { headers: { 'if-none-match': etag! } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
  const head = await fetch(`${s.url}/static/publius.css`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'text/css; charset=utf-8');
});

test('images get their own content type', async () => {
  const res = await fetch(`${s.url}/static/avatar.png`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const body = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
});

test('nothing outside public/, no hidden files, no unknown types, no missing files', async () => {
  for (const p of [
    '/static/../package.json', '/static/%2e%2e/package.json', '/static/..%2fpackage.json', '/static/%2e%2e%2fsrc%2fapp.ts',
    '/static/.gitignore', '/static/publius.css.map', '/static/missing.css', '/static/',
    '/static/publius.css%00.png', `/static/${'a'.repeat(300)}.css`,
  ]) {
    const res = await fetch(s.url + p);
    assert.equal(res.status, 404, p);
    const text = await res.text();
    assert.ok(!text.includes('"name": "publius"') && !text.includes('defineRoute'), `${p} leaked a file`);
  }
});
