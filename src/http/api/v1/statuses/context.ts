import { sql } from 'kysely';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { renderStatuses } from '../../entities/status.js';
import { visibleToSql } from '../../../../posts/visibility.js';
import { statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/context — ancestors and descendants the viewer may see. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/context', async (request) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const viewer = me?.id ?? null;
    const ancestors = await sql<{ id: string }>`
      with recursive up(id, parent, depth) as (
        select id, in_reply_to_id, 0 from statuses where id = ${status.id}
        union all
        select s.id, s.in_reply_to_id, up.depth + 1 from statuses s join up on s.id = up.parent where up.depth < 200
      )
      select up.id from up join statuses on statuses.id = up.id
      where up.id <> ${status.id} and ${visibleToSql(viewer)} order by up.depth desc`.execute(ctx.db);
    const descendants = await sql<{ id: string }>`
      with recursive down(id, depth, path) as (
        select id, 0, array[id] from statuses where id = ${status.id}
        union all
        select s.id, down.depth + 1, down.path || s.id from statuses s join down on s.in_reply_to_id = down.id where down.depth < 200
      )
      select down.id from down join statuses on statuses.id = down.id
      where down.id <> ${status.id} and ${visibleToSql(viewer)} order by down.path limit 4000`.execute(ctx.db);
    return {
      ancestors: await renderStatuses(ctx, viewer, ancestors.rows.map((r) => r.id)),
      descendants: await renderStatuses(ctx, viewer, descendants.rows.map((r) => r.id)),
    };
  });
});
