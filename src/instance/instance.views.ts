import { sql } from 'kysely';
import type { Context } from '../context.js';

export async function instanceRules(ctx: Context) {
  const rows = await ctx.db.selectFrom('instance_rules').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, text: r.text, hint: r.hint }));
}

export async function instanceUsage(ctx: Context) {
  const row = await ctx.db.selectFrom('accounts').select([
    sql<number>`count(*)::int`.as('users'),
    sql<number>`coalesce(sum(statuses_count), 0)::int`.as('statuses'),
  ]).where('suspended', '=', false).executeTakeFirstOrThrow();
  return row;
}
