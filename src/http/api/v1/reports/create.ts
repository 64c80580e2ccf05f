import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { flag, idList } from '../accounts/_shared.js';
import { toReportEntity } from './_report.js';

const body = z.object({
  account_id: z.string().max(40),
  status_ids: idList,
  comment: z.string().optional(),
  // Accepted for compatibility and ignored: Publius does not federate, so there is nowhere to forward to.
  forward: flag,
  forward_to_domains: idList,
  category: z.string().max(40).optional(),
  rule_ids: idList,
});

/**
 * POST /api/v1/reports — reports an account (and optionally some of its posts) to the moderators. The reported
 * account is never told who reported it. https://docs.joinmastodon.org/methods/reports/#post
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/reports', async (request) => {
    const me = requireAccount(request, 'write:reports');
    const b = parse(body, request.body);
    const report = await ctx.moderation.fileReport(me, {
      accountId: b.account_id, statusIds: b.status_ids, comment: b.comment, category: b.category, ruleIds: b.rule_ids,
    });
    return toReportEntity(ctx, report);
  });
});
