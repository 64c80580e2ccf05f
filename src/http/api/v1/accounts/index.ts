import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { isRowId } from '../../../ids.js';
import { loadAccounts } from '../../entities/account.js';
import { idList, toVisibleAccountEntity } from './_shared.js';

const query = z.object({ id: idList });

/** GET /api/v1/accounts?id[]= — several accounts at once; unknown ids are left out. https://docs.joinmastodon.org/methods/accounts/#index */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts', async (request) => {
    const { id } = parse(query, request.query);
    const accounts = await loadAccounts(ctx.db, [...new Set(id.filter(isRowId))]);
    return accounts.map((a) => toVisibleAccountEntity(ctx, a));
  });
});
