import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { PubliusError } from '../../errors.js';
import type { Context } from '../../context.js';

/**
 * Every failure leaves as Mastodon's error shape, {"error": "…"}, with the right status. Bad input is a 4xx
 * with a message; only a bug is a 500, and its log line carries no request details.
 */
export function registerErrorHandling(app: FastifyInstance, ctx: Context): void {
  app.setErrorHandler((error: FastifyError | PubliusError | ZodError | Error, request, reply) => {
    if (error instanceof PubliusError) {
      return reply.status(error.status).send({ error: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    if (error instanceof ZodError) {
      return reply.status(422).send({ error: `Validation failed: ${describeZod(error)}` });
    }
    const fe = error as FastifyError;
    if (fe.validation) return reply.status(400).send({ error: `Validation failed: ${fe.message}` });
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return reply.status(413).send({ error: 'File is too large' });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: fe.message || 'Bad request' });
    }
    ctx.logger.error({ err: { message: error.message, stack: error.stack, code: fe.code }, route: request.routeOptions?.url }, 'unhandled error');
    return reply.status(500).send({ error: 'Internal server error' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'Record not found' });
  });
}

export function describeZod(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
