import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';
import { toNoticeEntity } from '../legal/_legal-entities.js';

/**
 * GET /api/v1/publius/legal_notices — legal notices delivered to the caller's account, newest first. Publius
 * has no e-mail: this is where an account holder learns that an authority asked for their records. Notices
 * scheduled for later or withheld under a court order do not exist here until delivered.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal_notices', async (request) => {
    const me = requireAccount(request, 'read');
    return (await ctx.desk.notices.forAccount(me.id)).map(toNoticeEntity);
  });
});
