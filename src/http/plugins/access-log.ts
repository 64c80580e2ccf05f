import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

/**
 * The access log, built by hand so that nothing identifying can slip in: method, the route *pattern*
 * (never the URL, which may carry query strings or tokens), status and duration. No address, no user agent,
 * no headers, no cookies.
 */
export function registerAccessLog(app: FastifyInstance, ctx: Context): void {
  const log = ctx.logger.child({ subsystem: 'http' });
  app.addHook('onResponse', async (request, reply) => {
    log.info({ method: request.method, route: request.routeOptions?.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
}
