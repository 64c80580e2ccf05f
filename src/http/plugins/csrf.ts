import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { fail } from '../../errors.js';
import { randomToken } from '../../security/tokens.js';

export const CSRF_COOKIE = 'publius_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Signed double-submit CSRF protection for every HTML form. The browser holds a random cookie; each form
 * carries HMAC(secret, cookie). A page on another site can neither read the cookie nor compute the HMAC.
 * The secret is kept in instance_settings so that restarts and several processes agree on it.
 */
export class CsrfGuard {
  private secret: Buffer | null = null;
  constructor(private readonly ctx: Context) {}

  private async key(): Promise<Buffer> {
    if (this.secret) return this.secret;
    await this.ctx.db.insertInto('instance_settings').values({ key: 'csrf_secret', value: randomToken(32) })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.ctx.db.selectFrom('instance_settings').select('value').where('key', '=', 'csrf_secret').executeTakeFirstOrThrow();
    this.secret = Buffer.from(row.value);
    return this.secret;
  }

  /** The token to put in a form; sets the cookie when the browser has none yet. */
  async token(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    let nonce = request.cookies?.[CSRF_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{20,64}$/.test(nonce)) {
      nonce = randomToken(24);
      reply.setCookie(CSRF_COOKIE, nonce, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.ctx.config.publicUrl.startsWith('https:') });
    }
    return crypto.createHmac('sha256', await this.key()).update(nonce).digest('base64url');
  }

  async verify(request: FastifyRequest): Promise<void> {
    const nonce = request.cookies?.[CSRF_COOKIE];
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!nonce || typeof sent !== 'string') fail('CSRF');
    const expected = crypto.createHmac('sha256', await this.key()).update(nonce).digest('base64url');
    if (sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) fail('CSRF');
  }
}

const guards = new WeakMap<Context, CsrfGuard>();
export function csrfFor(ctx: Context): CsrfGuard {
  let g = guards.get(ctx);
  if (!g) { g = new CsrfGuard(ctx); guards.set(ctx, g); }
  return g;
}
