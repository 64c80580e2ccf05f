import { sql } from 'kysely';
import type { Context } from '../context.js';

/**
 * What PostgreSQL's autovacuum does, for the embedded database, which has none: PGlite runs as a standalone
 * backend without background workers, so nothing would ever reclaim the row versions left by updates and
 * deletes (every follow updates two counter rows) or refresh the planner's statistics. Run by the process that
 * does the hourly chores. A plain VACUUM skips pages already all-visible, so after the first it is quick; it
 * holds the embedded database's one connection while it runs, which the hourly cadence keeps rare.
 */
export async function embeddedHousekeeping(ctx: Context): Promise<{ ms: number } | null> {
  if (ctx.backend !== 'embedded') return null;
  const started = Date.now();
  await sql`vacuum (analyze)`.execute(ctx.db);
  const ms = Date.now() - started;
  ctx.logger.info({ subsystem: 'housekeeping', ms }, 'embedded database vacuumed and analysed');
  return { ms };
}
