import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { apiClient, seedAccount } from '../harness.js';
import { sql } from '../../src/db/database.js';
import { freePort, freshInstance, pool, PubliusProcess, seedFollowers, SKIP, sseClient, until } from './_scale.js';

/**
 * A broadcast survives kill -9. A big account (a few thousand followers, seeded in bulk) posts with an
 * Idempotency-Key through process A (`publius start --workers 2`); A's workers are SIGKILLed at several moments
 * around that request (at once, a few milliseconds in, and the instant the post's row is committed); A's primary
 * starts new workers and the client retries with the same key. Then the posts table holds the post once, every
 * follower's home timeline (read through process B) holds it exactly once, and the followers' streams held by
 * B received it at most once — and exactly once whenever the retry is what created it.
 *
 * Nothing depends on timing for its verdict: whatever moment the kill lands on, the same must hold. (A post
 * committed just before the kill and not yet announced reaches the home timelines but not the live streams: the
 * announcement is after the commit and not durable; a client catches up when its stream reconnects.)
 */

const REDIS_DB = 15;
const FOLLOWERS = 3000;
const STREAMS = 40;
/**
 * Kill moments: milliseconds after the request was sent; the moment its row is committed; or after the commit
 * and before the announcement ('unannounced': Redis is paused for writes, which holds the process in its
 * PUBLISH right after the commit, and the kill lands there).
 */
const KILLS: Array<number | 'commit' | 'unannounced'> = [0, 3, 10, 30, 'commit', 'unannounced'];

test('kill -9 in the middle of a broadcast: after a restart and a retry with the same Idempotency-Key, every follower has the post exactly once', { skip: SKIP, timeout: 290_000 }, async (t) => {
  const instance = await freshInstance(REDIS_DB);
  const db = instance.ctx.db;
  const a = new PubliusProcess(instance, await freePort(), 2);
  const b = new PubliusProcess(instance, await freePort());
  const streams: Array<ReturnType<typeof sseClient>> = [];
  const admin = new Redis(instance.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const { account: big, token: bigToken } = await seedAccount(instance.ctx, 'scale_big');
    const followers = await seedFollowers(instance.ctx, big.id, FOLLOWERS, 'scale_f');
    await Promise.all([a.start(), b.start()]);
    const bigOnA = apiClient(a.url, bigToken);

    for (const id of followers.ids.slice(0, STREAMS)) streams.push(sseClient(b.url, '/api/v1/streaming/user', followers.tokenOf(id)));
    await Promise.all(streams.map((s) => s.ready));
    assert.ok(streams.every((s) => s.status() === 200));

    // Followers-only probes until every stream has one: the subscriptions are live, and after each crash a
    // probe that has arrived everywhere means everything announced before it has arrived too (in order per channel).
    const probe = async () => {
      const res = await bigOnA.post('/api/v1/statuses', { status: `probe ${crypto.randomUUID()}`, visibility: 'private' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const probes: string[] = [];
    await until(async () => {
      probes.push(await probe());
      await new Promise((r) => setTimeout(r, 100));
      return streams.every((s) => probes.some((p) => s.updateIds().includes(p)));
    }, 'every stream on B to receive a post made through A');
    const since = probes[probes.length - 1];
    await until(() => streams.every((s) => s.updateIds().includes(since)), 'the last probe everywhere');

    const posts: Array<{ id: string; text: string; committedBeforeRetry: boolean }> = [];
    for (const [i, when] of KILLS.entries()) {
      const text = `Broadcast ${i} to ${FOLLOWERS} followers ${crypto.randomUUID()}`;
      const key = `crash-${crypto.randomUUID()}`;
      const rows = () => sql<{ n: number }>`select count(*)::int as n from statuses where account_id = ${big.id}::bigint and text = ${text}`.execute(db).then((r) => r.rows[0].n);
      const workers = a.workerPids();
      assert.equal(workers.length, 2);
      const listening = a.listening();

      // PUBLISH counts as a write: while paused, A commits the post and then waits on its announcement.
      if (when === 'unannounced') await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      const first = bigOnA.post('/api/v1/statuses', { status: text }, { 'idempotency-key': key }).then((r) => r.status, () => 'connection lost');
      if (when === 'commit' || when === 'unannounced') await until(async () => (await rows()) > 0, 'the post to commit', 30_000);
      else if (when > 0) await new Promise((r) => setTimeout(r, when));
      for (const pid of workers) process.kill(pid, 'SIGKILL');
      const outcome = await first;
      if (when === 'unannounced') {
        await admin.call('CLIENT', 'UNPAUSE');
        assert.equal(outcome, 'connection lost', 'the process died between the commit and its answer');
      }
      const committedBeforeRetry = (await rows()) > 0;

      // A's primary replaces both workers; the client retries with the same key.
      await a.waitFor(() => a.listening() === listening + 2, 'A\'s replacement workers');
      const retry = await bigOnA.post('/api/v1/statuses', { status: text }, { 'idempotency-key': key });
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      const id = retry.body.id as string;
      assert.equal(await rows(), 1, `kill at ${when}: exactly one such post in the posts table`);
      const stored = await db.selectFrom('statuses').select('id').where('account_id', '=', big.id).where('text', '=', text).executeTakeFirstOrThrow();
      assert.equal(stored.id, id, 'the retry returns the post that is stored');
      posts.push({ id, text, committedBeforeRetry });

      const marker = await probe();
      await until(() => streams.every((s) => s.updateIds().includes(marker)), 'the probe after the retry on every stream');
      let received = 0;
      for (const s of streams) {
        const got = s.updateIds().filter((x) => x === id).length;
        assert.ok(got <= 1, `kill at ${when}: a stream received the post ${got} times`);
        if (!committedBeforeRetry) assert.equal(got, 1, `kill at ${when}: the retry made the post, so every stream received it`);
        received += got;
      }
      t.diagnostic(`kill at ${when}${typeof when === 'number' ? ' ms' : ''}: first request ${outcome}; committed before the retry: ${committedBeforeRetry}; streams that received it: ${received}/${streams.length}`);
    }

    // Every follower's home timeline, read through B: each broadcast exactly once, none missing.
    const expected = posts.map((p) => p.id);
    const problems: string[] = [];
    await pool(followers.ids, 8, async (followerId) => {
      const res = await apiClient(b.url, followers.tokenOf(followerId)).get(`/api/v1/timelines/home?since_id=${since}&limit=40`);
      if (res.status !== 200) { problems.push(`${followerId}: HTTP ${res.status}`); return; }
      const ids = (res.body as Array<{ id: string }>).map((s) => s.id);
      for (const id of expected) {
        const n = ids.filter((x) => x === id).length;
        if (n !== 1) problems.push(`${followerId}: post ${id} ${n} times`);
      }
    });
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);
    const total = await sql<{ n: number }>`select count(*)::int as n from statuses where id = any(${expected}::bigint[])`.execute(db);
    assert.equal(total.rows[0].n, KILLS.length);
  } finally {
    await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    admin.disconnect();
    for (const s of streams) await s.stop();
    await Promise.all([a.stop(), b.stop()]);
    await instance.close();
  }
});

