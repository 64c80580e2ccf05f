import fs from 'node:fs';
import type { Command } from './commands.js';
import { out, withContext } from './command-context.js';
import { isHalfYearId } from '../legal/report/half-year.js';
import { publishedReport } from '../legal/report/transparency.js';
import { toCsv, toHtml, toJson } from '../legal/report/render.js';

const USAGE = 'publius legal report PERIOD [--format json|csv|html] [--out FILE]   (PERIOD: YYYY-H1 or YYYY-H2)';
const FORMATS = ['json', 'csv', 'html'] as const;

/**
 * `publius legal report`: the same report the public pages serve, written to stdout or a file, for publishing
 * elsewhere or archiving with the half-year's records. The HTML form is standalone (no stylesheet link).
 */
export const legalReportCommands: Record<string, Command> = {
  'legal report': {
    summary: 'Compute the transparency report for a half-year from the desk records (JSON, CSV or HTML)',
    usage: USAGE,
    options: { format: { type: 'string' }, out: { type: 'string' } },
    async run(config, [period], options) {
      const format = (options.format as string | undefined) ?? 'json';
      if (!period || !isHalfYearId(period)) { out(`usage: ${USAGE}`); return 2; }
      if (!(FORMATS as readonly string[]).includes(format)) { out(`--format must be one of ${FORMATS.join(', ')}`); return 2; }
      return withContext(config, async (ctx) => {
        const report = await publishedReport(ctx.db, period, { clock: ctx.clock, instance: config.instanceName });
        const text = format === 'csv' ? toCsv(report) : format === 'html' ? toHtml(report) : toJson(report);
        const file = options.out as string | undefined;
        if (file) {
          fs.writeFileSync(file, text);
          out(`Wrote the ${report.period} transparency report (${format}) to ${file}`);
        } else {
          process.stdout.write(text);
        }
        return 0;
      });
    },
  },
};

