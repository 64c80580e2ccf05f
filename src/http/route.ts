import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';

/**
 * A route module: one file per endpoint (or per page) under src/http/api or src/http/web, default-exporting
 * this. app.ts registers every such file it finds, so adding an endpoint touches only its own file.
 */
export type RouteModule = (app: FastifyInstance, ctx: Context) => void | Promise<void>;

export function defineRoute(fn: RouteModule): RouteModule {
  return fn;
}
