import type { Context } from '../context.js';
import { addDays, isoDate } from '../clock.js';

export interface PurgeReport {
  sessions: number;
  notifications: number;
  media: number;
  idempotencyKeys: number;
  /** Preservation holds whose snapshot was purged because the hold expired or was released. */
  holds: number;
}

/** Enforces the retention periods the data inventory promises (src/privacy/inventory.ts). */
export async function enforceRetention(ctx: Context): Promise<PurgeReport> {
  const now = ctx.clock.now();
  const sessions = await ctx.sessions.purgeExpired();
  const notifications = await ctx.notifications.purgeExpired(now);
  await ctx.graph.purgeExpiredMutes();
  const keys = await ctx.db.deleteFrom('idempotency_keys').where('created_on', '<', isoDate(addDays(now, -1))).executeTakeFirst();
  const media = await ctx.media.purgeUnattached();
  const holds = await ctx.holds.purgeExpired(now);
  return { sessions, notifications, media, idempotencyKeys: Number(keys.numDeletedRows), holds };
}
