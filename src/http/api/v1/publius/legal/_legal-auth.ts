import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Context } from '../../../../../context.js';
import type { Account } from '../../../../../db/schema.js';
import type { Requester } from '../../../../../legal/desk/requesters.js';
import { requireAccount } from '../../../../plugins/auth.js';
import { isRowId } from '../../../../ids.js';
import { fail } from '../../../../../errors.js';

/**
 * Who may use the legal desk's API. Only desk members (role `legal`) and admins: these routes show demands
 * naming users, so a moderator — trusted with reports, not with subpoenas — is refused like anyone else.
 */
export function requireDesk(request: FastifyRequest, scope: 'read' | 'write'): Account {
  const account = requireAccount(request, scope);
  if (account.role !== 'legal' && account.role !== 'admin') fail('FORBIDDEN');
  return account;
}

/** Issuing agency credentials creates a way into the server, so it is the admin's call alone. */
export function requireAdmin(request: FastifyRequest, scope: 'read' | 'write'): Account {
  const account = requireAccount(request, scope);
  if (account.role !== 'admin') fail('FORBIDDEN');
  return account;
}

/** A path id that cannot name a row is a 404 here, never a database error. */
export function pathId(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!isRowId(value)) fail('NOT_FOUND');
  return value;
}

const PORTAL_TOKEN = /^Bearer\s+(pr_\S+)$/i;
const portalTokens = new WeakMap<FastifyRequest, string>();

/**
 * Route-level onRequest hook for the requester portal. The session layer (plugins/auth.ts) answers 401 to any
 * bearer token it does not know, which would include every agency token; so the portal takes its `pr_` token
 * out of the request before the session layer runs and checks it itself. Nothing outside the portal routes
 * does this, so on every other route an agency token stays an unknown session token: a 401, never a user.
 */
export const takePortalToken: onRequestHookHandler = async (request) => {
  const header = request.headers.authorization;
  const m = header ? PORTAL_TOKEN.exec(header) : null;
  if (!m) return;
  portalTokens.set(request, m[1]);
  delete request.headers.authorization;
};

/**
 * The agency behind the request, or a 401. A user's token is not an agency's: a signed-in user (even an
 * admin) reaching the portal without a `pr_` token is refused.
 */
export async function requireRequester(ctx: Context, request: FastifyRequest): Promise<Requester> {
  const token = portalTokens.get(request);
  const requester = token ? await ctx.desk.requesters.authenticate(token) : null;
  if (!requester) fail('UNAUTHORIZED', 'The requester portal needs an agency access token');
  return requester;
}

/** How an agency appears as the actor in the audit log. */
export function requesterActor(requester: Requester): string {
  return `requester:${requester.id}`;
}
