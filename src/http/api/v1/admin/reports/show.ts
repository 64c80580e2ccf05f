import { defineRoute } from '../../../../route.js';
import { requireAccount, requireRole } from '../../../../plugins/auth.js';
import { toAdminReports } from './_admin_report.js';

/** GET /api/v1/admin/reports/:id — one report, for moderators and admins. https://docs.joinmastodon.org/methods/admin/reports/#get-one */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { id: string } }>('/api/v1/admin/reports/:id', async (request) => {
    requireAccount(request, 'admin:read');
    const me = requireRole(request, ['moderator']);
    const { report } = await ctx.moderation.report(me, request.params.id);
    return (await toAdminReports(ctx, me.id, [report]))[0];
  });
});
