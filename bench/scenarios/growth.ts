/**
 * 4. Growth: the cost of posting and of reading a home timeline (a) as the database grows in posts and (b) as
 * the poster's follower count grows. Each point is measured through HTTP after bulk seeding to that size; the
 * curve and its max/min ratio are printed (target: flat, at most 1.5×).
 */
import type { Backend } from '../backend.js';
import { load, round, type LoadResult } from '../load.js';
import type { BenchRecord } from '../results.js';
import { totalPosts } from '../seed.js';
import { targets } from '../targets.js';

interface Point { size: number; post: LoadResult; home: LoadResult }

export async function growth(b: Backend): Promise<void> {
  await postsCurve(b);
  await followersCurve(b);
}

/** One account posting is measured with few connections (its own counter row serialises its posts). */
async function measure(b: Backend, posters: string[], readers: string[]): Promise<{ post: LoadResult; home: LoadResult }> {
  const { sizes, world } = b;
  const postConnections = posters.length === 1 ? 4 : sizes.connections;
  let seq = 0;
  const posting = {
    url: b.url, method: 'POST' as const, path: '/api/v1/statuses', connections: postConnections,
    token: (i: number) => world.tokenOf(posters[i % posters.length]),
    body: () => JSON.stringify({ status: `growth post ${++seq}` }),
  };
  const reading = {
    url: b.url, path: '/api/v1/timelines/home', connections: sizes.connections,
    token: (i: number) => world.tokenOf(readers[i % readers.length]),
  };
  // Unmeasured warm-up: the server may have just started (the embedded back end restarts after each seeding),
  // and a cold process has neither compiled code nor prepared statements yet. Measured without it, the first
  // point of a curve paid for that (posting 408 → 757 → 768/s in one run).
  await load({ ...posting, amount: Math.max(postConnections, Math.ceil(sizes.growthRequests / 5)) });
  await load({ ...reading, seconds: 1 });
  const post = await load({ ...posting, amount: sizes.growthRequests });
  const home = await load({ ...reading, seconds: sizes.growthReadSeconds });
  return { post, home };
}

async function postsCurve(b: Backend): Promise<void> {
  const { sizes, world } = b;
  const nAuthors = Math.max(100, Math.min(1000, Math.round(sizes.growthPosts[0] / 10)));
  const nReaders = Math.max(200, Math.min(2000, sizes.growthRequests));
  let authors: string[] = [];
  let readers: string[] = [];
  const points: Point[] = [];
  for (const size of sizes.growthPosts) {
    await b.seed(`posts up to ${size}`, async (db) => {
      if (!authors.length) {
        authors = await world.accounts(db, nAuthors, 'author');
        readers = await world.accounts(db, nReaders, 'reader');
        await world.followMany(db, readers, authors, sizes.growthReaderFollows);
      }
      const have = await totalPosts(db);
      if (size > have) await world.posts(db, authors, size - have);
    });
    const m = await measure(b, authors, readers);
    points.push({ size, ...m });
  }
  report(b, 'growth_posts', 'posts in the database', points, `readers follow ${Math.min(sizes.growthReaderFollows, nAuthors)} of ${nAuthors} authors`);
}

async function followersCurve(b: Backend): Promise<void> {
  const { sizes, world } = b;
  const max = Math.max(...sizes.growthFollowers);
  await b.ensureWorld(max, b.bigFollowers);
  let poster: string | null = null;
  let following = 0;
  const points: Point[] = [];
  for (const size of sizes.growthFollowers) {
    await b.seed(`poster followers up to ${size}`, async (db) => {
      if (!poster) {
        [poster] = await world.accounts(db, 1, 'poster');
        await world.posts(db, [poster!], 20);
      }
      await world.follow(db, b.crowd.slice(following, size), poster!);
      following = size;
    });
    const m = await measure(b, [poster!], b.crowd.slice(0, size));
    points.push({ size, ...m });
  }
  report(b, 'growth_followers', "poster's followers", points, 'one poster; readers are its followers');
}

function report(b: Backend, name: string, sizeOf: string, points: Point[], about: string): void {
  const tg = targets(b.name);
  for (const kind of ['post', 'home'] as const) {
    const ops = points.map((p) => p[kind].ops_per_s);
    const p50 = points.map((p) => p[kind].p50_ms);
    const costRatio = round(Math.max(...ops) / Math.min(...ops));
    const p50Ratio = round(Math.max(...p50) / Math.min(...p50));
    console.log(`  ${name} ${kind}: ` + points.map((p) => `${p.size}: ${p[kind].ops_per_s}/s p50 ${p[kind].p50_ms} ms`).join(' → ') +
      `  (cost max/min ${costRatio}×, p50 max/min ${p50Ratio}×)`);
    const recs: BenchRecord[] = [];
    for (const p of points) {
      const r = p[kind];
      recs.push(b.results.add({
        scenario: `${name}_${kind}`, backend: b.name, size: p.size, size_of: sizeOf,
        ops_per_s: r.ops_per_s, p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms,
        notes: { about, requests: r.requests, non2xx: r.non2xx, errors: r.errors },
        ok: r.non2xx === 0 && r.errors === 0,
      }));
    }
    for (const rec of recs) {
      Object.assign(rec.notes!, {
        curve: points.map((p) => ({ size: p.size, ops_per_s: p[kind].ops_per_s, p50_ms: p[kind].p50_ms, p99_ms: p[kind].p99_ms })),
        cost_ratio_max_min: costRatio, p50_ratio_max_min: p50Ratio,
        target: `cost max/min <= ${tg.growthRatio}`, meets_target: costRatio <= tg.growthRatio,
      });
    }
    b.results.write();
  }
}
