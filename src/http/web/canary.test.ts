import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/harness.js';
import { Canary } from '../../legal/canary/canary.js';
import { verifySignature } from '../../legal/signing/instance-key.js';

test('the public canary page and JSON show the signed statement while current, and EXPIRED once its renewal date passes', async () => {
  const clock = { at: new Date('2026-11-01T12:00:00Z'), now() { return new Date(this.at); } };
  const s = await startTestServer({ clock });
  try {
    const page = async () => { const r = await fetch(`${s.url}/canary`); assert.equal(r.status, 200); return r.text(); };
    const json = async () => (await fetch(`${s.url}/api/v1/publius/canary`)).json() as Promise<{ state: string; statement: string; signature: string; public_key: string }>;
    assert.match(await page(), /has not published a warrant canary/);
    assert.equal((await json()).state, 'none');

    await new Canary(s.ctx.db, s.ctx.clock, s.config.instanceName).renew(30);
    const current = await page();
    assert.match(current, /warrant canary is current[\s\S]*to be renewed by 2026-12-01/);
    assert.match(current, /signature is valid/);
    const j = await json();
    assert.equal(j.state, 'current');
    assert.equal(verifySignature(j.public_key, j.statement, j.signature), true, 'anyone can check the statement with the published key');

    clock.at = new Date('2026-12-02T00:00:00Z');
    assert.match(await page(), /has EXPIRED[\s\S]*due to be renewed by 2026-12-01 and was not/);
    assert.equal((await json()).state, 'expired');
    const headers = (await fetch(`${s.url}/canary`)).headers;
    assert.match(headers.get('content-security-policy') ?? '', /script-src 'none'|default-src 'none'|default-src 'self'/);
  } finally {
    await s.close();
  }
});
