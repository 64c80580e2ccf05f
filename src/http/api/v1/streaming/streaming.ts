import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { defineRoute } from '../../../route.js';
import type { Context } from '../../../../context.js';
import type { Account } from '../../../../db/schema.js';
import { fail } from '../../../../errors.js';
import { StreamSession, STREAM_NAMES, type StreamName } from '../../../../streaming/stream-session.js';

const HEARTBEAT_MS = 15_000;
const USER_STREAMS = new Set<StreamName>(['user', 'user:notification']);

/** The token may come as a bearer header, the `access_token` parameter, or (WebSocket) the subprotocol. */
async function viewerOf(ctx: Context, request: FastifyRequest): Promise<Account | null | 'invalid'> {
  if (request.auth?.account) return request.auth.account;
  const protocol = request.headers['sec-websocket-protocol'];
  const token = typeof protocol === 'string' && protocol ? protocol.split(',')[0].trim() : null;
  if (token) {
    const auth = await ctx.sessions.authenticate(token);
    return auth?.account ?? 'invalid';
  }
  const q = request.query as Record<string, unknown>;
  if (request.headers.authorization || typeof q.access_token === 'string') return 'invalid';
  return null;
}

function parseStream(name: unknown, tag: unknown): { stream: StreamName; tag?: string } | null {
  if (typeof name !== 'string' || !(STREAM_NAMES as readonly string[]).includes(name)) return null;
  const stream = name as StreamName;
  if (stream.startsWith('hashtag')) {
    if (typeof tag !== 'string' || !/^[\p{L}\p{N}_]{1,100}$/u.test(tag)) return null;
    return { stream, tag };
  }
  return { stream };
}

/**
 * The streaming API: WebSocket at /api/v1/streaming, Server-Sent Events at /api/v1/streaming/<stream>.
 * https://docs.joinmastodon.org/methods/streaming/
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/streaming/health', async (_request, reply) => reply.type('text/plain').send('OK'));

  app.get('/api/v1/streaming', { websocket: true }, (socket: WebSocket, request) => {
    // Listeners are attached at once: a client may send its first subscribe before authentication finishes.
    const pending: string[] = [];
    let handle: ((raw: string) => void) | null = null;
    socket.on('message', (data) => { if (handle) handle(String(data)); else pending.push(String(data)); });
    let session: StreamSession | null = null;
    let closed = false;
    socket.on('close', () => { closed = true; void session?.close(); });
    const ping = setInterval(() => { if (socket.readyState === socket.OPEN) socket.ping(); }, HEARTBEAT_MS);
    socket.on('close', () => clearInterval(ping));

    void (async () => {
      const viewer = await viewerOf(ctx, request);
      if (viewer === 'invalid') { socket.close(4001, 'Invalid access token'); return; }
      if (closed) return;
      const send = (stream: string[], event: string, payload: string) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ stream, event, payload }));
      };
      const s = new StreamSession(ctx, viewer, send);
      session = s;
      const sendError = (error: string) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ error, status: 400 })); };
      const apply = async (type: 'subscribe' | 'unsubscribe', name: unknown, tag: unknown) => {
        const parsed = parseStream(name, tag);
        if (!parsed) return sendError('Unknown stream type');
        if (USER_STREAMS.has(parsed.stream) && !viewer) return sendError('Missing access token');
        if (type === 'subscribe') await s.subscribe(parsed.stream, parsed.tag);
        else await s.unsubscribe(parsed.stream, parsed.tag);
      };
      // Subscriptions are applied one at a time, in the order the client sent them.
      let chain = Promise.resolve();
      handle = (raw: string) => {
        let msg: { type?: unknown; stream?: unknown; tag?: unknown };
        try { msg = JSON.parse(raw); } catch { return sendError('Malformed message'); }
        if (msg.type !== 'subscribe' && msg.type !== 'unsubscribe') return sendError('Unknown message type');
        const type = msg.type;
        chain = chain.then(() => apply(type, msg.stream, msg.tag)).catch(() => undefined);
      };
      const q = request.query as Record<string, unknown>;
      if (q.stream) chain = chain.then(() => apply('subscribe', q.stream, q.tag));
      for (const raw of pending.splice(0)) handle(raw);
    })().catch((err: Error) => {
      ctx.logger.warn({ err: { message: err.message }, subsystem: 'streaming' }, 'stream setup failed');
      socket.close(1011, 'Internal error');
    });
  });

  const sse = (path: string, stream: StreamName) => {
    app.get(path, async (request, reply) => {
      const viewer = await viewerOf(ctx, request);
      if (viewer === 'invalid') fail('UNAUTHORIZED');
      if (USER_STREAMS.has(stream) && !viewer) fail('UNAUTHORIZED', 'Missing access token');
      const { tag } = z.object({ tag: z.string().optional() }).parse(request.query ?? {});
      const parsed = parseStream(stream, tag);
      if (!parsed) fail('VALIDATION', 'Validation failed: tag must be a hashtag');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive',
        'X-Accel-Buffering': 'no', 'Content-Security-Policy': "default-src 'none'",
      });
      res.write(':)\n\n');
      const session = new StreamSession(ctx, viewer, (_stream, event, payload) => {
        res.write(`event: ${event}\ndata: ${payload}\n\n`);
      });
      const ping = setInterval(() => res.write(':thump\n\n'), HEARTBEAT_MS);
      request.raw.on('close', () => { clearInterval(ping); void session.close(); });
      await session.subscribe(parsed.stream, parsed.tag);
    });
  };
  sse('/api/v1/streaming/user', 'user');
  sse('/api/v1/streaming/user/notification', 'user:notification');
  sse('/api/v1/streaming/public', 'public');
  sse('/api/v1/streaming/public/local', 'public:local');
  sse('/api/v1/streaming/public/media', 'public:media');
  sse('/api/v1/streaming/public/local/media', 'public:local:media');
  sse('/api/v1/streaming/hashtag', 'hashtag');
  sse('/api/v1/streaming/hashtag/local', 'hashtag:local');
});
