import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { defineRoute } from '../../../route.js';
import { StreamSession } from '../../../../streaming/stream-session.js';
import { admitStream, authenticateStream, isRefusal, MAX_BUFFERED_BYTES, type StreamAuth } from './_connection.js';

/** More subscriptions than this on one connection are refused (each costs memory and bus subscriptions). */
const MAX_SUBSCRIPTIONS = 100;

/**
 * GET /api/v1/streaming upgraded to a WebSocket: one connection carries many streams, chosen with `stream`
 * (and `tag`) in the query and with `{"type":"subscribe"|"unsubscribe","stream":…,"tag":…}` messages.
 * Events arrive as `{"stream":[…],"event":…,"payload":"<JSON text>"}`; a refused message is answered with
 * `{"error":…,"status":…}` and the connection stays open, as in Mastodon.
 * https://docs.joinmastodon.org/methods/streaming/#websocket
 */
export default defineRoute((app, ctx) => {
  const connections = new WeakMap<FastifyRequest, StreamAuth>();

  app.get('/api/v1/streaming', {
    websocket: true,
    // Runs before the upgrade: a bad token is an HTTP 401, never an open socket.
    preHandler: async (request) => { connections.set(request, await authenticateStream(ctx, request)); },
  }, (socket: WebSocket, request) => {
    const who = connections.get(request) ?? { viewer: null, auth: null };
    const send = (frame: unknown) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();
      else socket.send(JSON.stringify(frame));
    };
    const session = new StreamSession(ctx, ctx.streaming, who.viewer, (stream, event, payload) => send({ stream, event, payload }));
    // A client that has not answered the previous ping is gone (a dropped network leaves no close behind).
    let answered = true;
    socket.on('pong', () => { answered = true; });
    const stopBeating = ctx.streaming.keepAlive(() => {
      if (socket.readyState !== socket.OPEN) return;
      if (!answered) return socket.terminate();
      answered = false;
      socket.ping();
    });
    const stopWatching = who.auth ? ctx.streaming.watchToken(who.auth.token.id, () => socket.close(1008, 'The access token is no longer valid')) : () => undefined;
    socket.on('close', () => { stopBeating(); stopWatching(); void session.close(); });

    let subscriptions = 0;
    const apply = (type: 'subscribe' | 'unsubscribe', stream: unknown, tag: unknown) => {
      const admitted = admitStream(who, stream, tag);
      if (isRefusal(admitted)) return send(admitted);
      if (type === 'unsubscribe') {
        subscriptions = Math.max(0, subscriptions - 1);
        return void session.unsubscribe(admitted).catch(() => undefined);
      }
      if (++subscriptions > MAX_SUBSCRIPTIONS) return send({ error: 'Too many subscriptions', status: 400 });
      session.subscribe(admitted).catch(() => send({ error: 'The stream could not be opened', status: 500 }));
    };

    socket.on('message', (data, isBinary) => {
      let message: { type?: unknown; stream?: unknown; tag?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(String(data));
      } catch {
        return send({ error: 'Malformed message', status: 400 });
      }
      if (message === null || typeof message !== 'object') return send({ error: 'Malformed message', status: 400 });
      if (message.type !== 'subscribe' && message.type !== 'unsubscribe') return send({ error: 'Unknown message type', status: 400 });
      apply(message.type, message.stream, message.tag);
    });

    const query = (request.query ?? {}) as Record<string, unknown>;
    if (query.stream !== undefined) apply('subscribe', query.stream, query.tag);
  });
});
