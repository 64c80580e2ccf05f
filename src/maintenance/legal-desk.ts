import type { Context } from '../context.js';

export interface DeskChoresReport {
  noticesDelivered: number;
  reminders: number;
  preservationsEnded: number;
}

/**
 * The desk's clock-driven duties, run hourly with retention: deliver legal notices whose non-disclosure
 * order has ended (so no one has to remember the date), record reminders of deadlines due within two days,
 * and close preservation cases whose holds have all ended (retention purges their snapshots).
 */
export async function runDeskChores(ctx: Context): Promise<DeskChoresReport> {
  const noticesDelivered = await ctx.desk.notices.deliverDue();
  const reminders = await ctx.desk.remindDue();
  const preservationsEnded = await ctx.desk.closeEndedPreservations();
  if (reminders.length) ctx.logger.warn({ deadlines: reminders.length }, 'legal desk deadlines due within two days; see publius legal reminders');
  return { noticesDelivered, reminders: reminders.length, preservationsEnded };
}
