import { z } from 'zod';
import { defineRoute } from '../../../../route.js';
import { requireAccount, requireRole } from '../../../../plugins/auth.js';
import { parse } from '../../../../validate.js';
import { flag } from '../../accounts/_shared.js';
import { toAdminReports } from './_admin_report.js';

const query = z.object({
  resolved: flag,
  max_id: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).default(100).transform((n) => Math.min(n, 200)),
});

/**
 * GET /api/v1/admin/reports — the report queue for moderators and admins, newest first: open reports unless
 * `resolved=true`. https://docs.joinmastodon.org/methods/admin/reports/#get
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/admin/reports', async (request) => {
    requireAccount(request, 'admin:read');
    const me = requireRole(request, ['moderator']);
    const q = parse(query, request.query);
    const reports = await ctx.moderation.reports(me, q.resolved ? 'resolved' : 'open', q.limit, q.max_id);
    return toAdminReports(ctx, me.id, reports);
  });
});
