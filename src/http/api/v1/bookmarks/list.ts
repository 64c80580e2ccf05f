import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { visibleToSql } from '../../../../posts/visibility.js';

/**
 * GET /api/v1/bookmarks and GET /api/v1/favourites — paginated by the bookmark/favourite's own id, as
 * Mastodon does, and only posts the owner can still see.
 */
export default defineRoute((app, ctx) => {
  for (const [path, table, scope] of [['/api/v1/bookmarks', 'bookmarks', 'read:bookmarks'], ['/api/v1/favourites', 'favourites', 'read:favourites']] as const) {
    app.get(path, async (request, reply) => {
      const me = requireAccount(request, scope);
      const page = parse(paginationSchema, request.query);
      const base = ctx.db.selectFrom(table).innerJoin('statuses', 'statuses.id', `${table}.status_id`)
        .select([`${table}.id as id`, 'statuses.id as status_id'])
        .where(`${table}.account_id`, '=', me.id).where(visibleToSql(me.id));
      const rows = newestFirst(await applyPage(base, `${table}.id`, page).execute(), page);
      setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.id), page);
      return renderStatuses(ctx, me.id, rows.map((r) => r.status_id));
    });
  }
});
