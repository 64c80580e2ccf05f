import { defineRoute } from '../../../route.js';
import { sseRoute } from './_sse.js';

/**
 * GET /api/v1/streaming/user (home timeline and notifications) and /user/notification (notifications only),
 * as Server-Sent Events — https://docs.joinmastodon.org/methods/streaming/#user
 */
export default defineRoute((app, ctx) => {
  sseRoute(app, ctx, '/api/v1/streaming/user', () => 'user');
  sseRoute(app, ctx, '/api/v1/streaming/user/notification', () => 'user:notification');
});
