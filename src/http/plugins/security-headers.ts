import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

/** No inline script, nothing from a third party: every byte the browser runs or shows comes from here. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The policy with more places a form may lead to. Browsers apply form-action to the redirect that answers a form
 * too, so the OAuth consent page must allow the app's redirect URI. Sources are built from a parsed URL only.
 */
export function cspWithFormTargets(uris: string[]): string {
  const sources = uris.flatMap((uri) => {
    try {
      const u = new URL(uri);
      if (u.protocol === 'https:' || u.protocol === 'http:') return [u.origin];
      return /^[a-z][a-z0-9+.-]*:$/.test(u.protocol) ? [u.protocol] : [];
    } catch {
      return [];
    }
  });
  return CSP.replace("form-action 'self'", ["form-action 'self'", ...sources].join(' '));
}

export function registerSecurityHeaders(app: FastifyInstance, ctx: Context): void {
  app.addHook('onSend', async (request, reply) => {
    // A route may have widened the policy (cspWithFormTargets); everything else gets the strict one.
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Permissions-Policy', 'geolocation=(), camera=(), microphone=(), interest-cohort=()');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (ctx.config.onionAddress) reply.header('Onion-Location', `http://${ctx.config.onionAddress}${request.url}`);
  });
}
