import { defineRoute } from '../../../route.js';
import { sseRoute } from './_sse.js';

/**
 * GET /api/v1/streaming/hashtag?tag= and /hashtag/local?tag= as Server-Sent Events: public posts with the
 * tag — https://docs.joinmastodon.org/methods/streaming/#hashtag
 */
export default defineRoute((app, ctx) => {
  sseRoute(app, ctx, '/api/v1/streaming/hashtag', () => 'hashtag');
  sseRoute(app, ctx, '/api/v1/streaming/hashtag/local', () => 'hashtag:local');
});
