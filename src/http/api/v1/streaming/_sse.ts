import type { FastifyInstance } from 'fastify';
import type { Context } from '../../../../context.js';
import { fail } from '../../../../errors.js';
import { StreamSession } from '../../../../streaming/stream-session.js';
import type { StreamName } from '../../../../streaming/streams.js';
import { admitStream, authenticateStream, isRefusal, MAX_BUFFERED_BYTES } from './_connection.js';

const REFUSAL_CODES = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'INSUFFICIENT_SCOPE' } as const;

/**
 * A Server-Sent Events stream: `event: <name>` and `data: <payload>` per event, a `:thump` comment every
 * 15 s so proxies keep the connection open, and every subscription ended when the client goes away.
 * `pick` chooses the stream from the query (e.g. `only_media`). Unlike the WebSocket route, these accept the web
 * session cookie from this site's own pages (authenticateStream explains when), for the home page's live updates.
 */
export function sseRoute(app: FastifyInstance, ctx: Context, path: string, pick: (query: Record<string, unknown>) => StreamName): void {
  app.get(path, async (request, reply) => {
    const who = await authenticateStream(ctx, request, { webSession: true });
    const query = (request.query ?? {}) as Record<string, unknown>;
    const admitted = admitStream(who, pick(query), query.tag);
    if (isRefusal(admitted)) fail(REFUSAL_CODES[admitted.status], admitted.error);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'Content-Security-Policy': "default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(':)\n\n');
    const write = (text: string) => {
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else if (!res.destroyed) res.write(text);
    };
    const session = new StreamSession(ctx, ctx.streaming, who.viewer, (_stream, event, payload) => write(`event: ${event}\ndata: ${payload}\n\n`));
    const stopBeating = ctx.streaming.keepAlive(() => write(':thump\n\n'));
    const stopWatching = who.auth ? ctx.streaming.watchToken(who.auth.token.id, () => res.end()) : () => undefined;
    res.on('close', () => { stopBeating(); stopWatching(); void session.close(); });
    await session.subscribe(admitted).catch(() => res.destroy());
  });
}

/** `only_media=true` (or 1) selects the media variant of a public stream. */
export function onlyMedia(query: Record<string, unknown>): boolean {
  return query.only_media === 'true' || query.only_media === '1' || query.only_media === true;
}
