import type { Command } from './commands.js';
import { out, withContext } from './command-context.js';
import { AuditLog } from '../legal/desk/audit-log.js';
import { Canary } from '../legal/canary/canary.js';
import fs from 'node:fs';
import path from 'node:path';
import { parseDemandText } from '../legal/index.js';
import { assessAgainstInstance } from '../legal/desk/assess-held.js';

/** The legal desk's commands; they read the same configuration as the server. */
export const legalCommands: Record<string, Command> = {
  'legal assess': {
    summary: 'Assess a demand (JSON or YAML intake format) against the law it cites and what this instance holds',
    usage: 'publius legal assess FILE [--json] [--as-of YYYY-MM-DD]',
    options: { json: { type: 'boolean' }, 'as-of': { type: 'string' } },
    async run(config, [file], options) {
      if (!file) { out('usage: publius legal assess FILE [--json] [--as-of YYYY-MM-DD]'); return 2; }
      const asOfText = options['as-of'] as string | undefined;
      if (asOfText !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOfText)) { out('--as-of must be a date, YYYY-MM-DD'); return 2; }
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { out(`cannot read ${file}`); return 2; }
      const parsed = parseDemandText(text, path.basename(file));
      if (!parsed.ok) {
        out(options.json ? JSON.stringify({ problems: parsed.problems }, null, 2) : `The demand is malformed or incomplete:\n  - ${parsed.problems.join('\n  - ')}`);
        return 1;
      }
      return withContext(config, async (ctx) => {
      const asOf = asOfText ? new Date(`${asOfText}T23:59:59Z`) : ctx.clock.now();
      const a = await assessAgainstInstance(ctx.db, parsed.demand, asOf);
      if (options.json) { out(JSON.stringify(a, null, 2)); return 0; }
      out(`Recommendation: ${a.recommendation.toUpperCase()}`);
      for (const f of a.findings) out(`  [${f.severity}] ${f.code}: ${f.message}${f.citations.length ? ` (${f.citations.join('; ')})` : ''}`);
      out(`Produce: ${a.categories.produce.join(', ') || 'nothing'}`);
      out(`Withhold: ${a.categories.withhold.map((w) => `${w.category} (${w.reason})`).join(', ') || 'nothing'}`);
      out(`Not held (never collected): ${a.categories.not_held.join(', ') || 'none'}`);
      out(`Notice: ${a.notice.action}${a.notice.date ? ` on ${a.notice.date}` : ''} — ${a.notice.reason}`);
      for (const d of a.deadlines) out(`Deadline: ${d.kind} ${d.date}`);
      return 0;
      });
    },
  },
  'legal verify-log': {
    summary: "Recompute the legal desk's hash-chained audit log; exit 1 if any entry was altered",
    usage: 'publius legal verify-log [--json]',
    options: { json: { type: 'boolean' } },
    async run(config, _p, options) {
      return withContext(config, async (ctx) => {
      const verdict = await new AuditLog(ctx.db, ctx.clock).verify();
      if (options.json) out(JSON.stringify(verdict));
      else if (verdict.ok) out(`Audit log intact: ${verdict.entries} entries, head ${verdict.head}`);
      else out(`AUDIT LOG ALTERED at entry ${verdict.firstBadSeq} (${verdict.reason}); ${verdict.entries} entries read`);
      return verdict.ok ? 0 : 1;
      });
    },
  },
  'legal canary renew': {
    summary: 'Issue a new signed warrant-canary statement',
    usage: 'publius legal canary renew [--days N]',
    options: { days: { type: 'string' } },
    async run(config, _p, options) {
      const days = Number(options.days ?? 30);
      if (!Number.isInteger(days) || days < 1 || days > 366) { out('--days must be a whole number from 1 to 366'); return 2; }
      return withContext(config, async (ctx) => {
      const status = await new Canary(ctx.db, ctx.clock, config.instanceName).renew(days);
      out(`${status.statement}\n\nSigned by key ${status.fingerprint}; valid until ${status.expires_on}.`);
      return 0;
      });
    },
  },
  'legal canary status': {
    summary: "Show the warrant canary's current state",
    usage: 'publius legal canary status',
    async run(config) {
      return withContext(config, async (ctx) => {
      const status = await new Canary(ctx.db, ctx.clock, config.instanceName).status();
      out(JSON.stringify(status, null, 2));
      return status.state === 'current' ? 0 : 1;
      });
    },
  },
  // Production packages (issue 3). Imported when run, so this block stays self-contained in the command table.
  'legal produce': {
    summary: 'Build the signed production package of an approved case (comply or narrow) into a new directory',
    usage: 'publius legal produce CASE_ID --out DIR [--actor NAME]',
    options: { out: { type: 'string' }, actor: { type: 'string' } },
    async run(config, [caseId], options) {
      const dir = options.out as string | undefined;
      if (!caseId || !dir) { out('usage: publius legal produce CASE_ID --out DIR [--actor NAME]'); return 2; }
      const { buildPackage } = await import('../legal/production/package.js');
      return withContext(config, async (ctx) => {
      const built = await buildPackage(ctx, caseId, path.resolve(dir), { actor: (options.actor as string | undefined) ?? 'cli' });
      out(`Package for case ${built.manifest.case_id} (${built.manifest.reference}) written to ${built.dir}`);
      out(`  ${built.manifest.files.length} files; produced: ${built.manifest.produced.join(', ') || 'nothing'}`);
      out(`  not held: ${built.manifest.not_held.join(', ') || 'none'}; withheld: ${built.manifest.withheld.map((w) => w.category).join(', ') || 'none'}`);
      out(`  manifest SHA-256 ${built.manifestSha256}, signed by key ${built.keyFingerprint}`);
      return 0;
      });
    },
  },
  'legal verify-package': {
    summary: "Check a production package's signature and every file's hash; exit 1 if anything was changed, removed or added",
    usage: 'publius legal verify-package DIR [--json] [--fingerprint FP]',
    options: { json: { type: 'boolean' }, fingerprint: { type: 'string' } },
    async run(_config, [dir], options) {
      if (!dir) { out('usage: publius legal verify-package DIR [--json] [--fingerprint FP]'); return 2; }
      // Needs no database: whoever received the package can check it anywhere.
      const { verifyPackage } = await import('../legal/production/verify.js');
      const verdict = verifyPackage(dir, { expectedFingerprint: options.fingerprint as string | undefined });
      if (options.json) out(JSON.stringify(verdict, null, 2));
      else if (verdict.ok) out(`Package intact: case ${verdict.caseId} (${verdict.reference}), ${verdict.files} files, signed by key ${verdict.keyFingerprint}`);
      else out(`PACKAGE ALTERED OR INCOMPLETE:\n  - ${verdict.problems.join('\n  - ')}`);
      return verdict.ok ? 0 : 1;
    },
  },
};
