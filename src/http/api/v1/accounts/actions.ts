import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { accountIdParam, flag } from './_shared.js';

const followBody = z.object({ reblogs: flag, notify: flag, languages: z.unknown().optional() });
const muteBody = z.object({ notifications: flag, duration: z.coerce.number().int().min(0).max(10 * 365 * 86400).optional() });

/** POST /api/v1/accounts/:id/{follow,unfollow,block,unblock,mute,unmute,remove_from_followers} → Relationship */
export default defineRoute((app, ctx) => {
  const relationship = async (meId: string, id: string) => (await ctx.graph.relationships(meId, [id]))[0];
  app.post('/api/v1/accounts/:id/follow', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const body = parse(followBody, request.body);
    const id = accountIdParam(request);
    await ctx.graph.follow(me, id, { reblogs: body.reblogs, notify: body.notify });
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/unfollow', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.unfollow(me, id);
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/remove_from_followers', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    await ctx.graph.removeFromFollowers(me, id);
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/block', async (request) => {
    const me = requireAccount(request, 'write:blocks');
    const id = accountIdParam(request);
    await ctx.graph.block(me, id);
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/unblock', async (request) => {
    const me = requireAccount(request, 'write:blocks');
    const id = accountIdParam(request);
    await ctx.graph.unblock(me, id);
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/mute', async (request) => {
    const me = requireAccount(request, 'write:mutes');
    const body = parse(muteBody, request.body);
    const id = accountIdParam(request);
    await ctx.graph.mute(me, id, body.notifications ?? true, body.duration ?? 0);
    return relationship(me.id, id);
  });
  app.post('/api/v1/accounts/:id/unmute', async (request) => {
    const me = requireAccount(request, 'write:mutes');
    const id = accountIdParam(request);
    await ctx.graph.unmute(me, id);
    return relationship(me.id, id);
  });
});
