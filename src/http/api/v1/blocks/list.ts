import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { blocksPage } from '../../../../graph/graph.views.js';
import { accountListQuery, renderAccountList } from '../accounts/_shared.js';

/** GET /api/v1/blocks — the accounts the caller blocks. https://docs.joinmastodon.org/methods/blocks/#get */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/blocks', async (request, reply) => {
    const me = requireAccount(request, 'read:blocks');
    const page = parse(accountListQuery, request.query);
    return renderAccountList(ctx, request, reply, await blocksPage(ctx.db, me.id, page), page);
  });
});
