import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Server-side prepared statements for the statements a PostgreSQL server runs again and again.
 *
 * node-postgres sends every query as an unnamed statement, so PostgreSQL parses and plans it on every execution.
 * For the timeline queries that planning costs more than running them (home timeline: 0.8 ms to plan, 0.04 ms to
 * run at 10^4 posts; BENCHMARKS.md). A named statement is planned once per connection and its plan reused
 * (PostgreSQL's plan_cache_mode decides between custom and generic plans, as for any prepared statement).
 *
 * Names are given only to statements with parameters that have run `minUses` times in this process, and to at
 * most `maxNames` distinct texts, because each named statement holds a plan in every connection of the pool
 * until it closes: one-off statements (migrations, DDL, chores) and an unbounded variety of texts stay unnamed.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();

  constructor(private readonly minUses = 3, private readonly maxNames = 300) {}

  /** The name to prepare `text` under, or undefined to run it unnamed. */
  nameFor(text: string, parameterCount: number): string | undefined {
    const named = this.names.get(text);
    if (named || parameterCount === 0 || this.names.size >= this.maxNames) return named;
    const n = (this.uses.get(text) ?? 0) + 1;
    if (n < this.minUses) {
      // The counts of texts that never earn a name are forgotten wholesale rather than kept forever.
      if (this.uses.size >= this.maxNames * 20) this.uses.clear();
      this.uses.set(text, n);
      return undefined;
    }
    this.uses.delete(text);
    const name = `publius_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}

/** A Kysely PostgresPool over a node-postgres pool whose clients prepare the statements `names` picks. */
export function preparingPool(pool: pg.Pool, names: StatementNames): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let out = wrapped.get(client);
      if (!out) {
        out = {
          query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
            if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never);
            const name = names.nameFor(textOrCursor, values?.length ?? 0);
            return client.query(name ? { name, text: textOrCursor, values: values as unknown[] } : { text: textOrCursor, values: values as unknown[] });
          }) as unknown as PostgresPoolClient['query'],
          release: (destroy?: boolean) => client.release(destroy),
        } as PostgresPoolClient;
        wrapped.set(client, out);
      }
      return out;
    },
    end: () => pool.end(),
  };
}
