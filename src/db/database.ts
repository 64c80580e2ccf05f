import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { preparingPool, StatementNames } from './prepared.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * The same type parsers on both drivers, so that query results have one shape:
 * int8 (ids) as strings, date as 'YYYY-MM-DD' strings, timestamptz as Date. Counts are cast to int in SQL.
 */
const INT8 = 20;
const DATE = 1082;
const passThrough = (value: string) => value;

export interface DbTarget {
  /** A PostgreSQL server; absent means embedded PGlite. */
  url?: string | null;
  /** PGlite data directory; absent (with no url) means in-memory. */
  dataDir?: string | null;
  /** An in-memory PGlite starts from this dump of a data directory (tests: an already migrated template). */
  loadDataDir?: Blob;
  /** Search path schema on PostgreSQL, so test files can share one database. */
  schema?: string;
  poolSize?: number;
  /** Prepare repeated statements (default on). */
  preparedStatements?: boolean;
}

export interface DbHandle {
  db: Db;
  backend: 'embedded' | 'postgres';
  /** The schema tables live in when not the default (tests on a shared PostgreSQL database). */
  schema?: string;
  /** The embedded engine itself (embedded only), for dumping its data directory. */
  pglite?: PGlite;
  close(): Promise<void>;
}

const types = {
  getTypeParser: (oid: number, format?: any) =>
    oid === INT8 || oid === DATE ? passThrough : pg.types.getTypeParser(oid, format),
};

/** Kysely over a node-postgres pool (a server's, or the embedded bridge's), preparing repeated statements unless told not to. */
function kyselyOver(pool: pg.Pool, target: DbTarget): Db {
  // An idle client whose connection dies (a database restart, or a test dropping its database while the pool's
  // end() is still closing sockets) makes the pool emit 'error'; unheard, that would crash the process. The
  // pool has already discarded the client and the next query opens a new connection.
  pool.on('error', () => {});
  const prepared = target.preparedStatements === false ? pool : preparingPool(pool, new StatementNames());
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: prepared }) });
}

export async function openDatabase(target: DbTarget): Promise<DbHandle> {
  if (target.url) {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    const db = kyselyOver(pool, target);
    return { db, backend: 'postgres', schema: target.schema, close: () => db.destroy() };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(target.dataDir ? { dataDir: path.resolve(target.dataDir) } : {}),
    ...(target.loadDataDir && !target.dataDir ? { loadDataDir: target.loadDataDir } : {}),
  });
  await pglite.waitReady;
  // Kysely reaches PGlite through node-postgres and PGlite's wire-protocol bridge, so the embedded database gets
  // the same driver, result shapes and prepared statements as a PostgreSQL server (PGlite's own query() parses
  // and plans every statement anew: 2-3 times slower for a timeline query). PGlite is one connection: a pool of
  // one, whose queue makes a transaction own it until it ends. Code inside a transaction must therefore use the
  // transaction handle, never the outer db (it would wait for itself). The client is never closed while idle:
  // the bridge has a single connection object for the life of the database.
  const db = kyselyOver(new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, types }), target);
  const close = async () => {
    await db.destroy();
    if (!pglite.closed) await pglite.close();
  };
  return { db, backend: 'embedded', pglite, close };
}

/**
 * Creates a fresh database next to the one `url` names and returns its URL (the test harness gives each test
 * file its own, so that concurrent files never see each other's tables).
 */
export async function createSiblingDatabase(url: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropSiblingDatabase(url: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

export { sql };
