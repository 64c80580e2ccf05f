/**
 * 5. Floor: a bare Fastify server in its own process answering a stored response (a real home timeline page
 * captured from the server under test), under the same load settings as the read storm.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from '../backend.js';
import { api } from '../http.js';
import { load } from '../load.js';
import { startFloor } from '../server.js';

export async function floor(b: Backend): Promise<void> {
  const { sizes, world } = b;
  await b.ensureWorld(1, 1);
  const page = await api(b.url, world.tokenOf(b.crowd[0]), 'GET', '/api/v1/timelines/home');
  if (page.status !== 200) throw new Error(`home timeline for the floor's stored response: ${page.status} ${page.text}`);
  const bodyFile = path.join(b.tmp, 'floor-body.json');
  fs.writeFileSync(bodyFile, page.text);
  const floorServer = await startFloor(bodyFile, path.join(b.tmp, 'floor.log'));
  try {
    const tokens = b.crowd.slice(0, Math.max(1, b.bigFollowers));
    const r = await load({
      url: floorServer.url, path: '/floor', connections: sizes.connections, seconds: sizes.readSeconds,
      token: (i) => world.tokenOf(tokens[i % tokens.length]),
    });
    b.results.floor.set(b.name, r.ops_per_s);
    b.results.add({
      scenario: 'floor', backend: b.name, size: page.text.length, size_of: 'bytes of the stored response',
      ops_per_s: r.ops_per_s, p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms, floor_ratio: 1,
      notes: { requests: r.requests, non2xx: r.non2xx, errors: r.errors, connections: sizes.connections, seconds: r.seconds },
      ok: r.non2xx === 0 && r.errors === 0,
    });
  } finally {
    await floorServer.stop();
  }
}
