/**
 * 1. Follow surge: N accounts follow the big account, which M accounts already follow, each through
 * POST /api/v1/accounts/:id/follow with its own token. The follower count must then be exactly M + N.
 */
import type { Backend } from '../backend.js';
import { api } from '../http.js';
import { load } from '../load.js';
import { countFollowers } from '../seed.js';
import { targets } from '../targets.js';

export async function surge(b: Backend): Promise<void> {
  const { sizes, world } = b;
  const existing = sizes.surgeExisting;
  const n = sizes.surgeNew;
  await b.ensureWorld(existing + n, existing);
  if (b.bigFollowers !== existing) throw new Error(`surge needs exactly ${existing} followers before it, found ${b.bigFollowers}`);
  const big = b.big!;
  const newcomers = b.crowd.slice(existing, existing + n);
  const followed = new Set<number>();
  const bad: string[] = [];
  const r = await load({
    url: b.url, method: 'POST', path: `/api/v1/accounts/${big}/follow`, connections: sizes.connections, amount: n,
    token: (i) => world.tokenOf(newcomers[i % n]),
    check: (i, status, body) => {
      if (status === 200 && /"following":true/.test(body)) followed.add(i % n);
      else if (bad.length < 5) bad.push(`${status} ${body.slice(0, 200)}`);
    },
  });
  b.bigFollowers = existing + n;

  const shown = await api<{ followers_count: number }>(b.url, world.tokenOf(b.crowd[0]), 'GET', `/api/v1/accounts/${big}`);
  const expected = existing + n;
  const live = b.liveDb();
  const stored = live ? await countFollowers(live, big) : await b.seed('nothing (counting followers)', (db) => countFollowers(db, big));
  const exact = followed.size === n && shown.body.followers_count === expected
    && stored.counter === expected && stored.rows === expected;
  const t = targets(b.name);
  b.results.add({
    scenario: 'follow_surge', backend: b.name, size: n, size_of: `follows onto an account with ${existing} followers`,
    ops_per_s: r.ops_per_s, p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms,
    notes: {
      followed_ok: followed.size, followers_count_api: shown.body.followers_count, expected,
      followers_count_db: stored.counter, follows_rows_db: stored.rows,
      non2xx: r.non2xx, errors: r.errors, seconds: r.seconds, sample_failures: bad,
      target: `>= ${t.surgeFollowsPerS} follows/s`, meets_target: r.ops_per_s >= t.surgeFollowsPerS,
    },
    ok: exact,
  });
  if (!exact) {
    console.error(`  FOLLOWER COUNT NOT EXACT: expected ${expected}, API says ${shown.body.followers_count}` +
      `, accounts.followers_count ${stored.counter}, follows rows ${stored.rows}; ${followed.size}/${n} follows answered 200`);
  }
}
