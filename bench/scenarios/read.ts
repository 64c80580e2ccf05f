/**
 * 3. Read storm: followers read their home timelines concurrently, each request with another follower's token;
 * then the big account's profile, its posts, and the broadcast post's page, under the same load.
 */
import type { Backend } from '../backend.js';
import { api, sleep } from '../http.js';
import { committedTransactions } from '../seed.js';
import { load, round } from '../load.js';
import { targets } from '../targets.js';

export async function readStorm(b: Backend): Promise<void> {
  const { sizes, world } = b;
  const followers = sizes.surgeExisting + sizes.surgeNew;
  await b.ensureWorld(followers, followers);
  const big = b.big!;
  let post = b.lastBigPost;
  if (!post) {
    const res = await api(b.url, world.tokenOf(big), 'GET', `/api/v1/accounts/${big}/statuses?limit=1`);
    post = res.body[0].id as string;
  }
  const readers = b.crowd.slice(0, followers);
  const tg = targets(b.name);
  const cases: Array<[string, string]> = [
    ['read_home', '/api/v1/timelines/home'],
    ['read_profile', `/api/v1/accounts/${big}`],
    ['read_profile_statuses', `/api/v1/accounts/${big}/statuses`],
    ['read_post', `/api/v1/statuses/${post}`],
  ];
  let offset = 0;
  let committed: number | undefined;
  for (const [scenario, path] of cases) {
    const start = offset;
    let wrong = 0;
    const live = b.liveDb();
    const before = live ? (committed ??= (await sleep(1100), await committedTransactions(live))) : 0;
    const r = await load({
      url: b.url, path, connections: sizes.connections, seconds: sizes.readSeconds,
      token: (i) => world.tokenOf(readers[(start + i) % followers]),
      check: (_i, status) => { if (status !== 200) wrong++; },
    });
    // On PostgreSQL, how many statements (autocommitted transactions) one request costs.
    if (live) { await sleep(1100); committed = await committedTransactions(live); }
    const perRequest = live ? round((committed! - before - 1) / r.requests, 1) : null;
    offset += r.requests; // the next case starts with readers this one did not use
    const floor = b.results.floor.get(b.name);
    const ratio = floor ? r.ops_per_s / floor : null;
    b.results.add({
      scenario, backend: b.name, size: followers, size_of: 'distinct reader tokens available',
      ops_per_s: r.ops_per_s, p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms,
      notes: {
        path, requests: r.requests, ...(perRequest !== null ? { db_transactions_per_request: perRequest } : {}), distinct_tokens: Math.min(r.requests, followers), non2xx: r.non2xx, errors: r.errors, seconds: r.seconds,
        target: `>= ${tg.readsPerS} req/s, p99 <= ${tg.readP99Ms} ms, >= ${tg.readFloorRatio} of floor`,
        meets_target: r.ops_per_s >= tg.readsPerS && r.p99_ms <= tg.readP99Ms && (ratio === null || ratio >= tg.readFloorRatio),
      },
      ok: wrong === 0 && r.errors === 0,
    });
  }
}
