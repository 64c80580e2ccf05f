import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';
import { fail } from '../../../../../errors.js';
import { pathId } from '../legal/_legal-auth.js';
import { toNoticeEntity } from '../legal/_legal-entities.js';

/** POST /api/v1/publius/legal_notices/:id/read — marks one of the caller's own notices read (anyone else's is a 404). */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal_notices/:id/read', async (request) => {
    const me = requireAccount(request, 'write');
    const id = pathId(request);
    await ctx.desk.notices.markRead(me.id, id);
    const notice = (await ctx.desk.notices.forAccount(me.id)).find((n) => n.id === id);
    if (!notice) fail('NOT_FOUND');
    return toNoticeEntity(notice);
  });
});
