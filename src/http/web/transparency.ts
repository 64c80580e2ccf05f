import fs from 'node:fs/promises';
import { defineRoute } from '../route.js';
import { fail } from '../../errors.js';
import { describeHalfYear } from '../../legal/report/half-year.js';
import { publishedReport, reportablePeriods } from '../../legal/report/transparency.js';
import { indexHtml, REPORT_CSS_PATH, toCsv, toHtml, toJson } from '../../legal/report/render.js';

const STYLESHEET = '/transparency/report.css';
const FILE = /^(\d{4}-H[12])\.(html|csv|json)$/;

/**
 * The public transparency pages: /transparency lists the half-years, /transparency/2026-H1.html|.csv|.json
 * are one report in its three forms. No login, no cookies read, no script; the charts are SVG drawn here.
 */
export default defineRoute((app, ctx) => {
  const options = { clock: ctx.clock, instance: ctx.config.instanceName };
  let css: Promise<Buffer> | null = null;

  app.get('/transparency', async (_request, reply) => {
    const periods = await reportablePeriods(ctx.db, ctx.clock);
    const now = ctx.clock.now().getTime();
    const list = periods.map((p) => ({ id: p.id, label: describeHalfYear(p), complete: p.end.getTime() <= now }));
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=300')
      .send(indexHtml(ctx.config.instanceName, list, { stylesheet: STYLESHEET }));
  });

  app.get('/transparency/report.css', async (_request, reply) => {
    // Read once per process: it is part of the release, like public/.
    css ??= fs.readFile(REPORT_CSS_PATH);
    return reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(await css);
  });

  app.get<{ Params: { file: string } }>('/transparency/:file', async (request, reply) => {
    const m = FILE.exec(request.params.file);
    if (!m) fail('NOT_FOUND', 'No such report: ask for /transparency/YYYY-H1.html, .csv or .json');
    const [, period, format] = m;
    const report = await publishedReport(ctx.db, period, options);
    reply.header('Cache-Control', 'public, max-age=300');
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(toJson(report));
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8; header=present')
        .header('Content-Disposition', `inline; filename="transparency-${report.period}.csv"`).send(toCsv(report));
    }
    return reply.type('text/html; charset=utf-8').send(toHtml(report, {
      stylesheet: STYLESHEET, indexHref: '/transparency', jsonHref: `/transparency/${report.period}.json`, csvHref: `/transparency/${report.period}.csv`,
    }));
  });
});
