import { defineRoute } from '../../route.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { endWebSessionCookie, verifyForm } from '../_session.js';

/** POST /logout: ends this browser's session (the token is revoked, not just forgotten) and clears the cookie. */
export default defineRoute((app, ctx) => {
  app.post('/logout', async (request, reply) => {
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const token = (request as typeof request & { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
    if (token) await ctx.sessions.revokeToken(token);
    endWebSessionCookie(ctx, reply);
    return reply.redirect('/', 303);
  });
});
