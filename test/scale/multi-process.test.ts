import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { apiClient, PASSPHRASE, seedAccount } from '../harness.js';
import { WebClient } from '../web.js';
import { RateLimiter, RedisRateLimitStore } from '../../src/security/rate-limit.js';
import { alive, freePort, freshInstance, PubliusProcess, redisUrlWithDb, SKIP, sseClient, until } from './_scale.js';

/**
 * One instance served by several processes on one PostgreSQL and one Redis: process A is a plain
 * `publius start` on one port, B is `publius start --workers 2` on another. A post made through A is in the
 * follower's home timeline read through B and reaches the follower's streams held by B (SSE and WebSocket,
 * on whichever of B's workers they landed); a web form rendered by A is accepted by B; exactly one process
 * runs the periodic chores; B's primary replaces a worker killed with -9 and stops all of them on SIGTERM.
 */

const REDIS_DB = 14;

test('the embedded database cannot be shared: --workers refuses to start without DATABASE_URL and REDIS_URL', { skip: SKIP }, async () => {
  const { spawnSync } = await import('node:child_process');
  const run = (env: Record<string, string>) => spawnSync(process.execPath, ['bin/publius.mjs', 'start', '--workers', '2'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: '/nonexistent-publius-dir', PORT: '0', ...env }, encoding: 'utf8', timeout: 60_000,
  });
  const noDb = run({});
  assert.equal(noDb.status, 1);
  assert.match(noDb.stderr, /--workers needs DATABASE_URL/);
  const noRedis = run({ DATABASE_URL: process.env.TEST_DATABASE_URL! });
  assert.equal(noRedis.status, 1);
  assert.match(noRedis.stderr, /--workers needs REDIS_URL/);
});

test('rate-limit keys are the same in every process of an instance sharing a Redis (one shared, rotating secret)', { skip: SKIP }, async () => {
  const prefix = `publius:test-scale:${crypto.randomBytes(4).toString('hex')}:`;
  const url = redisUrlWithDb(REDIS_DB);
  // Two processes' worth of limiters: separate connections, separate hasher objects.
  const stores = [new RedisRateLimitStore(url, prefix), new RedisRateLimitStore(url, prefix)];
  try {
    const [one, two] = stores.map((s) => new RateLimiter(s, s.sharedHasher('publius.example')));
    const keys = await Promise.all([one.hasher.hash('192.0.2.7'), two.hasher.hash('192.0.2.7')]);
    assert.equal(keys[0], keys[1], 'both processes turn an address into the same key');
    assert.ok(!keys[0].includes('192'), 'the address is not in the key');
    assert.notEqual(await stores[0].sharedHasher('other.example').hash('192.0.2.7'), keys[0], 'another instance on the same Redis has its own secret');
    const ttl = await (stores[0] as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(`${prefix}secret:publius.example`);
    assert.ok(ttl > 23 * 3600_000 && ttl <= 24 * 3600_000, `the secret expires within 24 hours (${ttl} ms)`);
    const rule = { max: 3, windowSeconds: 60 };
    const results = [await one.allow('login', '192.0.2.7', rule), await two.allow('login', '192.0.2.7', rule), await one.allow('login', '192.0.2.7', rule), await two.allow('login', '192.0.2.7', rule)];
    assert.deepEqual(results, [true, true, true, false], 'hits through either process count against one limit');
  } finally {
    for (const s of stores) await s.close();
  }
});

test('a post through one process is read and streamed through another; forms, sessions and chores span processes', { skip: SKIP, timeout: 240_000 }, async (t) => {
  const instance = await freshInstance(REDIS_DB);
  // Rate limits on: they must count a client once across processes.
  const a = new PubliusProcess(instance, await freePort(), 1, { RATE_LIMITS: 'true' });
  const b = new PubliusProcess(instance, await freePort(), 2, { RATE_LIMITS: 'true' });
  const closers: Array<() => unknown> = [];
  try {
    const { account: alice, token: aliceToken } = await seedAccount(instance.ctx, 'scale_alice');
    const { account: bob, token: bobToken } = await seedAccount(instance.ctx, 'scale_bob');
    await Promise.all([a.start(), b.start()]);

    // Exactly one process of the three (A, B's two workers) runs the periodic chores: whichever took the lock
    // first (each tries once at start; the lock admits one holder, so there is never a second).
    const chores = () => [...a.lines, ...b.lines].filter((l) => l.subsystem === 'chores' && /runs the periodic chores/.test(String(l.msg)));
    await until(() => chores().length > 0, 'a process to take the chores');

    const aliceOnA = apiClient(a.url, aliceToken);
    const bobOnB = apiClient(b.url, bobToken);
    assert.equal((await bobOnB.post(`/api/v1/accounts/${alice.id}/follow`)).status, 200);

    // Bob's streams, held by B: one SSE and one WebSocket connection (the cluster spreads connections over its workers).
    const sse = sseClient(b.url, '/api/v1/streaming/user', bobToken);
    closers.push(() => sse.stop());
    await sse.ready;
    assert.equal(sse.status(), 200);
    const wsUpdates: string[] = [];
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/streaming?stream=user`, [bobToken]);
    closers.push(() => ws.close());
    ws.on('message', (d) => {
      const frame = JSON.parse(String(d)) as { event?: string; payload?: string };
      if (frame.event === 'update') wsUpdates.push((JSON.parse(frame.payload!) as { id: string }).id);
    });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });

    // Subscriptions become live asynchronously in another process: Alice posts probes through A until both
    // streams have received one, so what follows does not depend on timing.
    const probe = async () => (await aliceOnA.post('/api/v1/statuses', { status: `probe ${crypto.randomUUID()}`, visibility: 'private' })).body.id as string;
    const probes: string[] = [];
    await until(async () => {
      probes.push(await probe());
      await new Promise((r) => setTimeout(r, 100));
      return probes.some((id) => sse.updateIds().includes(id)) && probes.some((id) => wsUpdates.includes(id));
    }, 'both streams on B to receive a post made through A');

    const posted = await aliceOnA.post('/api/v1/statuses', { status: 'Posted through process A' });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const id = posted.body.id as string;

    // The home timeline, read through B right after the post was acknowledged by A (fan-out on read).
    const home = await bobOnB.get('/api/v1/timelines/home?limit=40');
    assert.equal(home.status, 200);
    assert.equal((home.body as Array<{ id: string }>).filter((s) => s.id === id).length, 1);
    // A later post arriving means everything before it has arrived (delivery is in order per channel).
    const after = await probe();
    await until(() => sse.updateIds().includes(after) && wsUpdates.includes(after), 'the streams on B to receive the posts');
    assert.equal(sse.updateIds().filter((x) => x === id).length, 1, 'SSE on B received the post once');
    assert.equal(wsUpdates.filter((x) => x === id).length, 1, 'WebSocket on B received the post once');
    assert.ok(sse.updateIds().indexOf(id) < sse.updateIds().indexOf(after));

    // A web form rendered by A and posted to B: the CSRF secret is the instance's, not the process's.
    const browserOnA = new WebClient(a.url);
    assert.equal((await browserOnA.get('/login')).status, 200);
    const token = browserOnA.csrf();
    const browserOnB = new WebClient(b.url);
    for (const [k, v] of browserOnA.cookies) browserOnB.cookies.set(k, v);
    assert.equal((await browserOnB.post('/login', { handle: 'scale_bob', passphrase: PASSPHRASE }, { csrf: 'x'.repeat(43) })).status, 403, 'a wrong token is still refused');
    const login = await browserOnB.post('/login', { handle: 'scale_bob', passphrase: PASSPHRASE }, { csrf: token });
    assert.equal(login.status, 303, `log-in through B with A's form: ${login.text.slice(0, 300)}`);
    // …and the web session made by B works on A.
    for (const [k, v] of browserOnB.cookies) browserOnA.cookies.set(k, v);
    const page = await browserOnA.get('/home');
    assert.equal(page.status, 200);
    assert.match(page.text, /Posted through process A/);

    // Rate limits count a client once across processes: five sign-ups an hour per address, through A or B.
    const appToken = async (url: string) => {
      const app = (await apiClient(url).post('/api/v1/apps', { client_name: 'scale', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })).body;
      return (await apiClient(url).post('/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write' })).body.access_token as string;
    };
    const signUpVia = [apiClient(a.url, await appToken(a.url)), apiClient(b.url, await appToken(b.url))];
    const signups: number[] = [];
    for (let i = 0; i < 7; i++) {
      signups.push((await signUpVia[i % 2].post('/api/v1/accounts', { username: `scale_rl${i}`, password: PASSPHRASE, agreement: true, locale: 'en' })).status);
    }
    assert.deepEqual(signups, [200, 200, 200, 200, 200, 429, 429], 'the sixth sign-up from one address is refused, whichever process gets it');

    // B's primary replaces a worker killed with -9, and B keeps serving meanwhile. The chores runner is the
    // victim when it is one of B's workers: its lock dies with it and another process takes the chores over.
    assert.equal(chores().length, 1, `one chores runner, got ${chores().length}`);
    const leader = chores()[0].pid as number;
    assert.equal(b.workerPids().length, 2, 'B has two workers');
    const victim = b.workerPids().includes(leader) ? leader : b.workerPids()[0];
    const listeningBefore = b.listening();
    process.kill(victim, 'SIGKILL');
    await b.waitFor(() => b.count('worker died; starting a replacement') === 1 && b.listening() === listeningBefore + 1, 'a replacement worker in B');
    assert.equal(b.workerPids().length, 2);
    assert.ok(!b.workerPids().includes(victim));
    for (let i = 0; i < 4; i++) assert.equal((await bobOnB.get('/api/v1/timelines/home?limit=1')).status, 200);

    // Still exactly one live process runs the chores (a new one within the minute after the old one died).
    const liveLeaders = () => chores().filter((l) => alive(l.pid as number));
    await until(() => liveLeaders().length === 1, 'one live process running the chores', 90_000);
    assert.equal(liveLeaders().length, 1);

    // SIGTERM to B's primary stops every worker, and the primary exits cleanly.
    const workers = b.workerPids();
    const stopped = await b.stop();
    assert.equal(stopped.code, 0, b.stderr.join(''));
    await until(() => workers.every((pid) => !alive(pid)), 'B\'s workers to exit', 20_000);
    t.diagnostic(`chores ran in pid ${chores().map((l) => l.pid).join(' then ')}; killed ${victim}; B workers ${workers.join(', ')}`);
  } finally {
    for (const close of closers) await close();
    await Promise.all([a.stop(), b.stop()]);
    await instance.close();
  }
});
