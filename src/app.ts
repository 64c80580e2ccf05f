import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import type { Context } from './context.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { registerAccessLog } from './http/plugins/access-log.js';
import { registerAuth } from './http/plugins/auth.js';
import { registerBodyParsing, parseQueryString } from './http/plugins/body.js';
import { registerSecurityHeaders } from './http/plugins/security-headers.js';
import type { RouteModule } from './http/route.js';

const HTTP_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'http');
const ROUTE_FOLDERS = ['api', 'web'];

/** Every route module under http/api and http/web, in a stable order. Test files are skipped. */
export function routeFiles(): string[] {
  const files: string[] = [];
  for (const folder of ROUTE_FOLDERS) {
    const dir = path.join(HTTP_DIR, folder);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|js)$/.test(entry.name) || /\.(test|d)\.ts$/.test(entry.name) || entry.name.startsWith('_')) continue;
      files.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
    }
  }
  return files.sort();
}

/** Builds the HTTP server for a context. Never listens itself (main.ts and tests do). */
export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ subsystem: 'fastify' }) as FastifyBaseLogger,
    // Fastify's own request lines would carry the address and URL: off; http/plugins/access-log.ts logs instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Streaming connections stay open; closing the server must not wait for them.
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: (str) => parseQueryString(str) },
  });
  registerErrorHandling(app, ctx);
  registerAccessLog(app, ctx);
  registerSecurityHeaders(app, ctx);
  await app.register(cookie);
  await registerBodyParsing(app, ctx);
  // Mastodon clients pass the access token as the WebSocket subprotocol; the server must echo one back.
  await app.register(websocket, { options: { maxPayload: 64 * 1024, handleProtocols: (protocols) => protocols.values().next().value ?? false } });
  registerAuth(app, ctx);

  for (const file of routeFiles()) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: RouteModule };
    if (typeof mod.default !== 'function') continue;
    await mod.default(app, ctx);
  }
  return app;
}
