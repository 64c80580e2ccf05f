import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Context } from '../../context.js';
import type { Db } from '../../db/database.js';
import { fail } from '../../errors.js';
import { randomToken, timingSafeEqualString } from '../../security/tokens.js';

/** The hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';
/** The instance_settings key of the signing secret. */
export const CSRF_SECRET_SETTING = 'csrf_secret';
const NONCE = /^[A-Za-z0-9_-]{32}$/;

/**
 * CSRF protection for every HTML form: a signed double-submit token (docs/adr/0005-csrf-signed-double-submit.md).
 *
 * The browser holds a random nonce in an HttpOnly, SameSite=Lax cookie; every form carries
 * HMAC-SHA256(secret, nonce) in a hidden field. A page on another site can make the browser send the cookie
 * but can neither read it nor compute its HMAC, so it cannot fill in the field. The secret lives in
 * instance_settings: it survives restarts and every process sharing the database signs and checks alike.
 * The nonce is not tied to an account, so a form loaded before signing in still posts after it; the cookie is
 * `__Host-` prefixed on HTTPS, which keeps a sibling subdomain from planting a nonce of its choosing, and a
 * request the browser marks as coming from another site (Sec-Fetch-Site) is refused outright.
 *
 * Usage in a page module: `const token = await csrf(ctx).token(request, reply)` when rendering the form, and
 * `{ preHandler: csrfProtected(ctx) }` on the POST route (or `await csrf(ctx).verify(request)` to render the
 * failure as a page of its own).
 */
export class CsrfProtection {
  /** The cookie's name: `__Host-` on HTTPS, where browsers then insist on Secure, Path=/ and no Domain. */
  readonly cookieName: string;
  private secret: Promise<Buffer> | null = null;

  constructor(private readonly db: Db, private readonly https: boolean) {
    this.cookieName = https ? '__Host-publius_csrf' : 'publius_csrf';
  }

  /** The token for this browser's forms; sets the nonce cookie when the browser has none (or a malformed one). */
  async token(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    let nonce = this.nonceOf(request) ?? issued.get(request) ?? null;
    if (!nonce) {
      nonce = randomToken(24);
      // A page may ask for the token more than once (the navigation's form and the page's own): one nonce.
      issued.set(request, nonce);
      // No Max-Age: a session cookie, gone when the browser closes.
      reply.setCookie(this.cookieName, nonce, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.https });
    }
    return this.sign(nonce);
  }

  /** Throws CSRF (403) unless the posted field is the signature of this browser's nonce. */
  async verify(request: FastifyRequest): Promise<void> {
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') fail('CSRF');
    const nonce = this.nonceOf(request);
    const sent = (request.body as Record<string, unknown> | null | undefined)?.[CSRF_FIELD];
    if (!nonce || typeof sent !== 'string' || !timingSafeEqualString(sent, await this.sign(nonce))) fail('CSRF');
  }

  private nonceOf(request: FastifyRequest): string | null {
    const value = request.cookies?.[this.cookieName];
    return value && NONCE.test(value) ? value : null;
  }

  private async sign(nonce: string): Promise<string> {
    return crypto.createHmac('sha256', await this.key()).update(`publius-csrf:${nonce}`).digest('base64url');
  }

  /** The first process to need the secret creates it; every other one reads the same row. */
  private key(): Promise<Buffer> {
    this.secret ??= (async () => {
      await this.db.insertInto('instance_settings').values({ key: CSRF_SECRET_SETTING, value: randomToken(32) })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await this.db.selectFrom('instance_settings').select('value').where('key', '=', CSRF_SECRET_SETTING).executeTakeFirstOrThrow();
      return Buffer.from(row.value, 'base64url');
    })().catch((err: unknown) => { this.secret = null; throw err; });
    return this.secret;
  }
}

const byContext = new WeakMap<Context, CsrfProtection>();
/** Nonces set on a response, for requests that arrived without one. */
const issued = new WeakMap<FastifyRequest, string>();

/** The CSRF protection of a context (one per process, so the secret is read once). */
export function csrf(ctx: Context): CsrfProtection {
  let protection = byContext.get(ctx);
  if (!protection) {
    protection = new CsrfProtection(ctx.db, ctx.config.publicUrl.startsWith('https:'));
    byContext.set(ctx, protection);
  }
  return protection;
}

/** A preHandler for form POST routes: a missing or wrong token is a 403 before the handler runs. */
export function csrfProtected(ctx: Context): preHandlerAsyncHookHandler {
  return async (request) => { await csrf(ctx).verify(request); };
}
