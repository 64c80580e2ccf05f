import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, proxyList } from './rate-limits.js';
import { buildConfig, ConfigError } from '../../config/config.js';

const request = (remoteAddress: string, xff?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as Parameters<typeof clientAddress>[0];

test('without TRUSTED_PROXIES the connection address is the client, whatever X-Forwarded-For says', () => {
  assert.equal(clientAddress(request('198.51.100.7', '203.0.113.9'), null), '198.51.100.7');
  assert.equal(clientAddress(request('::ffff:198.51.100.7'), null), '198.51.100.7', 'an IPv4-mapped address is the IPv4 one');
});

test('behind trusted proxies, X-Forwarded-For is read from the right up to the first untrusted address', () => {
  const proxies = proxyList(['10.0.0.0/8', '::1', '192.0.2.10']);
  // A load balancer at 10.1.2.3 in front of the server: the client is what it appended.
  assert.equal(clientAddress(request('10.1.2.3', '203.0.113.9'), proxies), '203.0.113.9');
  // A client forging an entry on the left does not pick its own key: the right-most untrusted one counts.
  assert.equal(clientAddress(request('10.1.2.3', '1.2.3.4, 203.0.113.9'), proxies), '203.0.113.9');
  // Two trusted hops (a CDN edge 192.0.2.10, then the balancer) are both skipped.
  assert.equal(clientAddress(request('::1', ['203.0.113.9, 192.0.2.10', '10.9.9.9']), proxies), '203.0.113.9');
  // A connection that is not from a trusted proxy: its header is ignored.
  assert.equal(clientAddress(request('198.51.100.7', '203.0.113.9'), proxies), '198.51.100.7');
  // No header, or garbage: the proxy's own address (no client can be named).
  assert.equal(clientAddress(request('10.1.2.3'), proxies), '10.1.2.3');
  assert.equal(clientAddress(request('10.1.2.3', 'not-an-address'), proxies), '10.1.2.3');
});

test('TRUSTED_PROXIES accepts addresses and subnets and refuses anything else', () => {
  assert.deepEqual(buildConfig({ TRUSTED_PROXIES: '10.0.0.0/8, ::1,192.0.2.10' }).trustedProxies, ['10.0.0.0/8', '::1', '192.0.2.10']);
  assert.deepEqual(buildConfig({}).trustedProxies, []);
  for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2', 'fe80::/129']) {
    assert.throws(() => buildConfig({ TRUSTED_PROXIES: bad }), ConfigError, bad);
  }
});
