import type { FastifyRequest } from 'fastify';
import type { Context } from '../../../../context.js';
import { fail } from '../../../../errors.js';
import { scopeCovers } from '../../../../sessions/scopes.js';
import type { Authenticated } from '../../../../sessions/sessions.service.js';
import type { StreamViewer } from '../../../../streaming/stream-session.js';
import { isUserStream, parseStreamRequest, requiredScope, type StreamRequest } from '../../../../streaming/streams.js';

/** A connection whose client reads slower than this much queued output is dropped rather than buffered. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface StreamAuth {
  viewer: StreamViewer | null;
  auth: Authenticated | null;
}

/**
 * Who opens a stream. The token may come as a bearer header, the `access_token` parameter (browsers cannot
 * set headers on a WebSocket) or, as Mastodon's clients send it, the Sec-WebSocket-Protocol header. A token
 * that is given but invalid is a 401 before any upgrade.
 *
 * The web session cookie counts only where the caller says so (`webSession`: the Server-Sent Events routes,
 * which the home page's script reads) and only when no token is given; a WebSocket never accepts it, since a
 * page on another site can open a WebSocket that carries the cookie and read what comes back. See webSession.
 */
export async function authenticateStream(ctx: Context, request: FastifyRequest, opts: { webSession?: boolean } = {}): Promise<StreamAuth> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  let auth: Authenticated | null;
  if (request.headers.authorization !== undefined || query.access_token !== undefined) {
    // The auth plugin has already read the header, or else the parameter; a malformed one reads as none.
    if (request.headers.authorization === undefined && typeof query.access_token !== 'string') fail('UNAUTHORIZED');
    auth = request.auth;
  } else {
    const protocol = request.headers['sec-websocket-protocol'];
    const token = typeof protocol === 'string' ? protocol.split(',')[0].trim() : '';
    if (token) auth = await ctx.sessions.authenticate(token);
    else {
      auth = opts.webSession ? webSession(request) : null;
      if (!auth) return { viewer: null, auth: null };
    }
  }
  if (!auth) fail('UNAUTHORIZED');
  if (!auth.account) return { viewer: null, auth };
  return { viewer: { id: auth.account.id, readsNotifications: covers(auth, 'read:notifications') }, auth };
}

/**
 * The web session (from the `publius_session` cookie) opening an event stream, or null: then the request is
 * anonymous, and a stream that needs a viewer is the usual 401. The cookie is SameSite=Lax, so a browser does
 * not send it on another site's subresource requests, and a cross-origin EventSource could not read the stream
 * anyway without CORS, which this server never grants. Requiring `Sec-Fetch-Site: same-origin` (set by the
 * browser; a page cannot forge it) is defence in depth on top of both: only this site's own pages stream with
 * the cookie. A suspended account has no session (the auth plugin finds none) and is checked again here.
 */
function webSession(request: FastifyRequest): Authenticated | null {
  const auth = request.auth;
  if (!auth || auth.token.kind !== 'web' || !auth.account || auth.account.suspended) return null;
  return request.headers['sec-fetch-site'] === 'same-origin' ? auth : null;
}

export type StreamRefusal = { status: 400 | 401 | 403; error: string };

/** Checks a subscription request: a known stream, a tag where one is needed, a viewer and scope where required. */
export function admitStream(who: StreamAuth, name: unknown, tag: unknown): StreamRequest | StreamRefusal {
  const req = parseStreamRequest(name, tag);
  if (req === 'unknown stream') return { status: 400, error: 'Unknown stream type' };
  if (req === 'missing tag') return { status: 400, error: 'No tag for stream provided' };
  if (isUserStream(req.name) && !who.viewer) return { status: 401, error: 'Missing access token' };
  if (who.auth && !covers(who.auth, requiredScope(req.name))) return { status: 403, error: 'This action is outside the authorized scopes' };
  return req;
}

export function isRefusal(x: StreamRequest | StreamRefusal): x is StreamRefusal {
  return 'error' in x;
}

function covers(auth: Authenticated, scope: string): boolean {
  return auth.token.kind !== 'oauth' || scopeCovers(auth.scopes, scope);
}
