import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressHasher, MemoryRateLimitStore, RateLimiter, RedisRateLimitStore } from './rate-limit.js';
import { startTestServer, apiClient, PASSPHRASE, TEST_BACKEND } from '../../test/harness.js';

test('address keys are keyed hashes that change when the in-memory secret rotates every 24 hours', () => {
  let now = 0;
  const hasher = new AddressHasher(24 * 3600 * 1000, () => now);
  const k1 = hasher.hash('127.77.0.1');
  assert.equal(hasher.hash('127.77.0.1'), k1, 'stable within a day');
  assert.ok(!k1.includes('127'), 'the address is not in the key');
  assert.notEqual(hasher.hash('127.77.0.2'), k1);
  now += 24 * 3600 * 1000;
  assert.notEqual(hasher.hash('127.77.0.1'), k1, 'a new secret after 24 hours');
  assert.notEqual(new AddressHasher().hash('127.77.0.1'), new AddressHasher().hash('127.77.0.1'), 'secrets are per process and random');
});

test('the limiter allows up to the limit per window', async () => {
  const stores = [new MemoryRateLimitStore()];
  if (TEST_BACKEND === 'postgres' && process.env.TEST_REDIS_URL) stores.push(new RedisRateLimitStore(process.env.TEST_REDIS_URL, `publius:test:${Date.now()}:`) as any);
  for (const store of stores) {
    const limiter = new RateLimiter(store);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.allow('login', '10.1.2.3', { max: 3, windowSeconds: 60 }));
    assert.deepEqual(results, [true, true, true, false]);
    assert.equal(await limiter.allow('login', '10.1.2.4', { max: 3, windowSeconds: 60 }), true, 'other addresses are not affected');
    await store.close();
  }
});

test('sign-up is rate limited per address with a 429 in the API error format', async () => {
  const s = await startTestServer({ env: { RATE_LIMITS: 'true' } });
  try {
    const app = (await apiClient(s.url).post('/api/v1/apps', { client_name: 'rl', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })).body;
    const tok = (await apiClient(s.url).post('/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write' })).body.access_token;
    const api = apiClient(s.url, tok);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.post('/api/v1/accounts', { username: `rl_user${i}`, password: PASSPHRASE, agreement: true, locale: 'en' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const last = await api.post('/api/v1/accounts', { username: 'rl_user9', password: PASSPHRASE, agreement: true, locale: 'en' });
    assert.equal(last.body.error, 'Too many requests');
    assert.equal(await s.ctx.accounts.byHandle('rl_user9'), undefined);
  } finally {
    await s.close();
  }
});
