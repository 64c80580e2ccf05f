import { defineRoute } from '../../../route.js';
import { onlyMedia, sseRoute } from './_sse.js';

/**
 * GET /api/v1/streaming/public, /public/local and /public/remote as Server-Sent Events, each with
 * `only_media` — https://docs.joinmastodon.org/methods/streaming/#public
 */
export default defineRoute((app, ctx) => {
  sseRoute(app, ctx, '/api/v1/streaming/public', (q) => (onlyMedia(q) ? 'public:media' : 'public'));
  sseRoute(app, ctx, '/api/v1/streaming/public/local', (q) => (onlyMedia(q) ? 'public:local:media' : 'public:local'));
  sseRoute(app, ctx, '/api/v1/streaming/public/remote', (q) => (onlyMedia(q) ? 'public:remote:media' : 'public:remote'));
});
