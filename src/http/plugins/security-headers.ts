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

export function registerSecurityHeaders(app: FastifyInstance, ctx: Context): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Permissions-Policy', 'geolocation=(), camera=(), microphone=(), interest-cohort=()');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (ctx.config.onionAddress) reply.header('Onion-Location', `http://${ctx.config.onionAddress}${request.url}`);
  });
}
