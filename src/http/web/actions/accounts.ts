import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { fail } from '../../../errors.js';
import { isValidHandle, normalizeHandle } from '../../../accounts/handle.js';
import { MAX_MUTE_SECONDS } from '../../../graph/graph.service.js';
import { asForm, field } from '../me/_me.js';
import { backTo, seeOther } from './_back.js';

type AccountAction = 'follow' | 'unfollow' | 'block' | 'unblock' | 'mute' | 'unmute';

/** The account a profile button names; unknown and suspended accounts are not found, as through the API. */
async function targetByHandle(ctx: Context, handle: string): Promise<Account> {
  const h = normalizeHandle(handle.replace(/^@/, ''));
  const account = isValidHandle(h) ? await ctx.accounts.store.byHandle(h) : undefined;
  if (!account) fail('NOT_FOUND');
  return ctx.graph.target(account.id);
}

/**
 * A mute's length from the form: seconds, 0 (or nothing) for "until I unmute". Anything else is refused
 * rather than read as "forever", so a typo never mutes someone longer than asked.
 */
function muteSeconds(body: unknown): number {
  const raw = field(body, 'duration').trim();
  if (raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_MUTE_SECONDS) fail('VALIDATION', 'Validation failed: duration: out of range');
  return n;
}

/** POST /@:handle/{follow,unfollow,block,unblock,mute,unmute} — the buttons on a profile. Back to it by default. */
export default defineRoute((app, ctx) => {
  const actions: AccountAction[] = ['follow', 'unfollow', 'block', 'unblock', 'mute', 'unmute'];
  for (const action of actions) {
    app.post(`/@:handle/${action}`, async (request: FastifyRequest<{ Params: { handle: string } }>, reply) => asForm(ctx, request, reply, async (me) => {
      const target = await targetByHandle(ctx, request.params.handle);
      switch (action) {
        case 'follow': await ctx.graph.follow(me, target.id); break;
        case 'unfollow': await ctx.graph.unfollow(me, target.id); break;
        case 'block': await ctx.graph.block(me, target.id); break;
        case 'unblock': await ctx.graph.unblock(me, target.id); break;
        // A checkbox that is not ticked is not sent at all: its absence means "keep their notifications".
        case 'mute': await ctx.graph.mute(me, target.id, field(request.body, 'notifications') !== 'no', muteSeconds(request.body)); break;
        case 'unmute': await ctx.graph.unmute(me, target.id); break;
      }
      return seeOther(reply, backTo(request, `/@${target.handle}`));
    }));
  }
});
