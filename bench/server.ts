/**
 * The server under test runs as its own child process (`node bin/publius.mjs start`), as does the floor (a bare
 * Fastify server): the bench process only generates load, on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode}:\n${tail(logFile)}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`child did not answer ${url} within ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'); } catch { return ''; }
}

function launch(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
}

export interface PubliusOptions {
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  logFile: string;
}

/** Starts Publius on a free loopback port and waits until it answers. */
export async function startPublius(o: PubliusOptions): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL; delete env.REDIS_URL;
  Object.assign(env, {
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATA_DIR: o.dataDir,
    LOG_LEVEL: 'warn', RATE_LIMITS: 'false', SIGNUP_MODE: 'open',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...(o.redisUrl ? { REDIS_URL: o.redisUrl } : {}),
  });
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = launch([...nodeArgs, 'bin/publius.mjs', 'start'], env, o.logFile);
  await waitReady(`${url}/api/v1/instance`, child, o.logFile);
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** Starts the floor: bare Fastify answering GET /floor with a stored JSON body. */
export async function startFloor(bodyFile: string, logFile: string): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), FLOOR_BODY_FILE: bodyFile };
  const child = launch(['--import', 'tsx', 'bench/floor-server.ts'], env, logFile);
  await waitReady(`${url}/floor`, child, logFile);
  return { url, pid: child.pid!, stop: stopper(child) };
}
