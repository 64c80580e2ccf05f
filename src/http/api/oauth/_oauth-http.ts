import type { FastifyReply, FastifyRequest } from 'fastify';
import { PubliusError, type ErrorCode } from '../../../errors.js';

/** RFC 6749 §5.2 error codes for the domain errors the token and revocation endpoints can meet. */
const OAUTH_ERROR_CODES: Partial<Record<ErrorCode, string>> = {
  INVALID_CLIENT: 'invalid_client',
  INVALID_GRANT: 'invalid_grant',
  INVALID_SCOPE: 'invalid_scope',
  INVALID_REQUEST: 'invalid_request',
  VALIDATION: 'invalid_request',
};

export interface ClientCredentials { id?: string; secret?: string }

/**
 * Client credentials from HTTP Basic (RFC 6749 §2.3.1: each part form-urlencoded, then base64) or, failing
 * that, from the body. Malformed Basic credentials come back empty, which authentication then refuses.
 */
export function clientCredentials(request: FastifyRequest, body: { client_id?: string; client_secret?: string }): ClientCredentials {
  const header = request.headers.authorization;
  const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!basic) return { id: body.client_id, secret: body.client_secret };
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function formDecode(v: string): string | undefined {
  try { return decodeURIComponent(v.replace(/\+/g, ' ')); } catch { return undefined; }
}

/** Sends `{"error": code, "error_description": …}`; tokens and errors about them are never cached (§5.1). */
export function sendOAuthError(reply: FastifyReply, error: string, description: string, status = 400) {
  if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="publius"');
  return reply.status(status).header('Cache-Control', 'no-store').header('Pragma', 'no-cache')
    .send({ error, error_description: description });
}

/** Maps a domain error to the OAuth error shape; anything else is rethrown for the error plugin. */
export function sendOAuthFailure(reply: FastifyReply, err: unknown) {
  if (err instanceof PubliusError) {
    const code = OAUTH_ERROR_CODES[err.code];
    if (code) return sendOAuthError(reply, code, err.message, err.status === 401 ? 401 : 400);
  }
  throw err;
}
