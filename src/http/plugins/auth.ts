import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { Account } from '../../db/schema.js';
import type { Authenticated } from '../../sessions/sessions.service.js';
import { scopeCovers } from '../../sessions/scopes.js';
import { fail } from '../../errors.js';

export const SESSION_COOKIE = 'publius_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the request's bearer token or session cookie; null when anonymous. */
    auth: Authenticated | null;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1] : null;
  }
  // Browsers cannot set headers on WebSocket connections, so the streaming API accepts the token as a
  // parameter (Mastodon does the same). The access log never records query strings.
  const q = request.query as Record<string, unknown> | undefined;
  if (q && typeof q.access_token === 'string') return q.access_token;
  return sessionCookie(request);
}

/** The web session token from the browser's cookie, or null. */
export function sessionCookie(request: FastifyRequest): string | null {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.[SESSION_COOKIE] ?? null;
}

export function registerAuth(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('auth', null);
  app.addHook('preHandler', async (request) => {
    const token = bearerToken(request);
    request.auth = token ? await ctx.sessions.authenticate(token) : null;
    if (token && !request.auth && request.headers.authorization) fail('UNAUTHORIZED');
  });
}

/** The signed-in account, or a 401; with a scope, a 403 when the token was not granted it. */
export function requireAccount(request: FastifyRequest, scope?: string): Account {
  const auth = request.auth;
  if (!auth || !auth.account) fail('UNAUTHORIZED', auth ? 'This method requires an authenticated user' : 'The access token is invalid');
  if (scope && auth.token.kind === 'oauth' && !scopeCovers(auth.scopes, scope)) fail('INSUFFICIENT_SCOPE');
  return auth.account;
}

/** The signed-in account when there is one (public endpoints that personalise). */
export function optionalAccount(request: FastifyRequest): Account | null {
  return request.auth?.account ?? null;
}

export function requireRole(request: FastifyRequest, roles: Array<Account['role']>): Account {
  const account = requireAccount(request);
  if (!roles.includes(account.role) && account.role !== 'admin') fail('FORBIDDEN');
  return account;
}
