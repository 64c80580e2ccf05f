import { defineRoute } from '../../../route.js';
import { publishedReport } from '../../../../legal/report/transparency.js';

/**
 * GET /api/v1/publius/transparency/:period — the transparency report for a half-year (`2026-H2`) as JSON.
 * Public and unauthenticated: it holds only counts, and national-security figures only as bands. A malformed
 * period is a 422, a half-year that has not begun a 404, both as {"error": "…"}.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { period: string } }>('/api/v1/publius/transparency/:period', async (request, reply) => {
    const report = await publishedReport(ctx.db, request.params.period, { clock: ctx.clock, instance: ctx.config.instanceName });
    // Computed from live records, so a short shared cache only; nothing personal in it.
    reply.header('Cache-Control', 'public, max-age=300');
    return report;
  });
});
