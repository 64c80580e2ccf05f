/**
 * 2. Broadcast: the big account posts. With fan-out on read (ADR 0001) delivery to home timelines is complete
 * when the post commits, i.e. when POST /api/v1/statuses answers: delivery_ms is that time. stream_delivery_ms
 * is the time from sending the POST until every open streaming connection received the `update`. Then every
 * follower's home timeline is read through HTTP and must show the post first.
 */
import { performance } from 'node:perf_hooks';
import type { Backend } from '../backend.js';
import { api, sleep } from '../http.js';
import { load, percentile, round } from '../load.js';
import { openStreams } from '../streams.js';
import { targets } from '../targets.js';

export async function broadcast(b: Backend): Promise<void> {
  const { sizes, world } = b;
  const followers = sizes.surgeExisting + sizes.surgeNew;
  await b.ensureWorld(followers, followers);
  const big = b.big!;
  const bigToken = world.tokenOf(big);
  const k = Math.min(sizes.streams, followers);

  let t = Date.now();
  const crowd = await openStreams(b.url, b.crowd.slice(0, k).map((id) => world.tokenOf(id)));
  console.log(`  ${k} streams open in ${Date.now() - t} ms`);
  const posts: Array<{ id: string; delivery: number; stream: number; received: number }> = [];
  const streamLatencies: number[] = [];
  try {
    // A first post proves every stream is subscribed (the server subscribes after answering the request head).
    t = Date.now();
    const warm = await api(b.url, bigToken, 'POST', '/api/v1/statuses', { status: 'warming up the streams' });
    if (warm.status !== 200) throw new Error(`warm-up post: ${warm.status} ${warm.text}`);
    const allWarm = await crowd.waitAll(warm.body.id, 60_000);
    console.log(`  warm-up post reached ${crowd.received(warm.body.id)}/${k} streams in ${Date.now() - t} ms`);
    if (!allWarm) b.results.fail(`${b.name}/broadcast: warm-up post reached only ${crowd.received(warm.body.id)} of ${k} streams`);
    await sleep(500);

    for (let p = 0; p < sizes.broadcastPosts; p++) {
      const t0 = performance.now();
      const res = await api(b.url, bigToken, 'POST', '/api/v1/statuses', { status: `Broadcast ${p + 1} to ${followers} followers` });
      const delivery = performance.now() - t0;
      if (res.status !== 200) throw new Error(`broadcast post: ${res.status} ${res.text}`);
      const id: string = res.body.id;
      await crowd.waitAll(id, 30_000);
      let last = 0;
      for (const c of crowd.clients) {
        const at = c.arrivals.get(id);
        if (at !== undefined) { last = Math.max(last, at - t0); streamLatencies.push(at - t0); }
      }
      posts.push({ id, delivery: round(delivery), stream: round(last), received: crowd.received(id) });
      b.lastBigPost = id;
      await sleep(500);
    }
  } finally {
    crowd.close();
  }

  // Every follower's home timeline, through HTTP, must show the newest post first.
  const newest = b.lastBigPost!;
  const followerIds = b.crowd.slice(0, followers);
  let shown = 0;
  const r = await load({
    url: b.url, path: '/api/v1/timelines/home?limit=1', connections: sizes.connections, amount: followers,
    token: (i) => world.tokenOf(followerIds[i % followers]),
    check: (_i, status, body) => { if (status === 200 && body.startsWith(`[{"id":"${newest}"`)) shown++; },
  });
  streamLatencies.sort((a, c) => a - c);
  const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor((xs.length - 1) / 2)];
  const delivery = median(posts.map((p) => p.delivery));
  const stream = median(posts.map((p) => p.stream));
  const allStreams = posts.every((p) => p.received === k);
  const tg = targets(b.name);
  console.log(`  fan-out on read: the post is in all ${followers} home timelines when POST /api/v1/statuses returns (delivery_ms); ` +
    `verified ${shown}/${followers} home timelines show it`);
  b.results.add({
    scenario: 'broadcast', backend: b.name, size: followers, size_of: `followers (${k} streams)`,
    ops_per_s: r.ops_per_s,
    p50_ms: round(percentile(streamLatencies, 50)), p95_ms: round(percentile(streamLatencies, 95)), p99_ms: round(percentile(streamLatencies, 99)),
    delivery_ms: delivery, stream_delivery_ms: stream,
    notes: {
      meaning: 'delivery_ms: POST /api/v1/statuses round trip (fan-out on read: complete at commit); stream_delivery_ms: send → last of the streams got `update`; '
        + 'p50/p95/p99: per-stream arrival times; ops_per_s: home timelines verified per second',
      streams: k, posts, verified_home_timelines: shown, followers,
      verify_p50_ms: r.p50_ms, verify_p99_ms: r.p99_ms, verify_non2xx: r.non2xx, verify_errors: r.errors,
      target: `delivery <= ${tg.broadcastMs} ms, streams <= ${tg.streamMs} ms`,
      meets_target: delivery <= tg.broadcastMs && stream <= tg.streamMs,
    },
    ok: shown === followers && allStreams,
  });
  if (shown !== followers) console.error(`  ${followers - shown} HOME TIMELINES MISSED THE POST`);
}
