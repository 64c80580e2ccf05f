import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from './commands.js';
import { out, withContext } from './command-context.js';
import { isCaseState, ALL_STATES } from '../legal/desk/case-states.js';
import type { LegalCase } from '../legal/desk/case.types.js';
import { LEGAL_CATEGORIES, type LegalCategory, type NoticeDecision, type Recommendation } from '../legal/index.js';

const RECOMMENDATIONS = ['comply', 'narrow', 'challenge', 'reject', 'clarify'] as const;
const SCAN_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.txt': 'text/plain' };

/** Who acted, for the audit log: `--as NAME`, else the operating-system account running the command. */
function actorOf(options: Record<string, unknown>): string {
  const given = typeof options.as === 'string' ? options.as.trim() : '';
  return given || `cli:${os.userInfo().username}`;
}

function readScan(file: string) {
  const mediaType = SCAN_TYPES[path.extname(file).toLowerCase()];
  if (!mediaType) throw new UsageError(`--document must be one of: ${Object.keys(SCAN_TYPES).join(' ')}`);
  return { filename: path.basename(file), mediaType, content: fs.readFileSync(file) };
}

class UsageError extends Error {}

function summary(c: LegalCase): string {
  const lines = [
    `Case ${c.id} — ${c.reference} (${c.kind ?? 'unknown kind'}, ${c.process ?? 'unknown process'})`,
    `  State: ${c.state}${c.closedAt ? ` (closed ${c.closedAt.slice(0, 10)})` : ''}`,
    `  Received: ${c.receivedAt}${c.respondBy ? `; respond by ${c.respondBy}` : ''}`,
    `  Targets: ${c.targets.join(', ') || '—'}`,
  ];
  if (c.problems.length) lines.push('  Problems with the demand as received:', ...c.problems.map((p) => `    - ${p}`));
  if (c.assessment) {
    lines.push(`  Assessment: ${c.assessment.recommendation.toUpperCase()}`);
    for (const f of c.assessment.findings) lines.push(`    [${f.severity}] ${f.code}: ${f.message}`);
    lines.push(`    produce: ${c.assessment.categories.produce.join(', ') || 'nothing'}; not held: ${c.assessment.categories.not_held.join(', ') || 'none'}`);
    lines.push(`    notice: ${c.assessment.notice.action}${c.assessment.notice.date ? ` on ${c.assessment.notice.date}` : ''}`);
  }
  if (c.decision) {
    lines.push(`  Decision (${c.decision.action} by ${c.decision.by}, ${c.decision.at}): ${c.decision.recommendation}; produce ${c.decision.produce.join(', ') || 'nothing'}`);
    if (c.decision.reason) lines.push(`    reason: ${c.decision.reason}`);
  }
  return lines.join('\n');
}

function wrap(run: Command['run']): Command['run'] {
  return async (config, positionals, options) => {
    try {
      return await run(config, positionals, options);
    } catch (err) {
      if (err instanceof UsageError) { out(err.message); return 2; }
      throw err;
    }
  };
}

/** The legal desk's case commands: intake, review, decide, move, comment, reminders, agency accounts. */
export const legalCaseCommands: Record<string, Command> = {
  'legal intake': {
    summary: 'Take in a demand (JSON or YAML intake format), optionally with its scanned document; stores it even when malformed',
    usage: 'publius legal intake FILE [--document SCAN.pdf] [--as NAME] [--json]',
    options: { document: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
    run: wrap(async (config, [file], options) => {
      if (!file) throw new UsageError('usage: publius legal intake FILE [--document SCAN.pdf] [--as NAME] [--json]');
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { throw new UsageError(`cannot read ${file}`); }
      const scan = typeof options.document === 'string' ? readScan(options.document) : null;
      return withContext(config, async (ctx) => {
        const c = await ctx.desk.intake({ text, filename: path.basename(file), actor: actorOf(options), scan });
        out(options.json ? JSON.stringify(c, null, 2) : summary(c));
        return c.valid ? 0 : 1;
      });
    }),
  },
  'legal cases': {
    summary: 'List cases (newest first)',
    usage: 'publius legal cases [--open] [--state STATE] [--json]',
    options: { open: { type: 'boolean' }, state: { type: 'string' }, json: { type: 'boolean' } },
    run: wrap(async (config, _p, options) => {
      const state = options.state as string | undefined;
      if (state !== undefined && !isCaseState(state)) throw new UsageError(`--state must be one of: ${ALL_STATES.join(', ')}`);
      return withContext(config, async (ctx) => {
        const cases = await ctx.desk.list({ ...(state ? { state } : {}), ...(options.open ? { open: true } : {}), limit: 200 });
        if (options.json) out(JSON.stringify(cases, null, 2));
        else if (!cases.length) out('No cases.');
        else for (const c of cases) out(`${c.id}\t${c.state}\t${c.receivedAt.slice(0, 10)}\t${c.respondBy?.slice(0, 10) ?? '—'}\t${c.reference}`);
        return 0;
      });
    }),
  },
  'legal case': {
    summary: 'Show one case: the demand, the assessment, the decision, deadlines, notices and its audit entries',
    usage: 'publius legal case ID [--json]',
    options: { json: { type: 'boolean' } },
    run: wrap(async (config, [id], options) => {
      if (!id) throw new UsageError('usage: publius legal case ID [--json]');
      return withContext(config, async (ctx) => {
        const c = await ctx.desk.get(id);
        const [deadlines, notices, events] = await Promise.all([ctx.desk.deadlines(id), ctx.desk.notices.forCase(id), ctx.desk.events(id)]);
        if (options.json) { out(JSON.stringify({ ...c, deadlines, notices, events }, null, 2)); return 0; }
        out(summary(c));
        for (const d of deadlines) out(`  Deadline ${d.kind}: ${new Date(d.due_at).toISOString()}${d.done_at ? ' (done)' : ''}`);
        for (const n of notices) out(`  Notice to @${n.account}: ${n.state}${n.deliver_at ? ` (${n.deliver_at})` : ''}`);
        out(`  Audit log: ${events.length} entries`);
        for (const e of events) out(`    #${e.seq} ${e.at} ${e.type} by ${e.actor ?? '—'}`);
        return 0;
      });
    }),
  },
  'legal decide': {
    summary: "Record the lawyer's decision: confirm the assessment's recommendation, or override it with --reason",
    usage: 'publius legal decide ID --recommendation comply|narrow|challenge|reject|clarify [--reason TEXT] [--produce cat,cat] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--notice now|withhold|YYYY-MM-DD] [--removal remove|withhold_in_country --countries TR,DE] [--as NAME]',
    options: {
      recommendation: { type: 'string' }, reason: { type: 'string' }, produce: { type: 'string' }, notice: { type: 'string' },
      removal: { type: 'string' }, countries: { type: 'string' }, as: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    },
    run: wrap(async (config, [id], options) => {
      const rec = options.recommendation as string | undefined;
      if (!id || !rec || !(RECOMMENDATIONS as readonly string[]).includes(rec)) throw new UsageError(`usage: ${legalCaseCommands['legal decide'].usage}`);
      const produce = typeof options.produce === 'string' ? options.produce.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const unknown = (produce ?? []).filter((c) => !(LEGAL_CATEGORIES as readonly string[]).includes(c));
      if (unknown.length) throw new UsageError(`--produce: unknown categories ${unknown.join(', ')}`);
      const notice = parseNotice(options.notice as string | undefined, (options.reason as string | undefined) ?? '');
      const removalOutcome = options.removal as string | undefined;
      if (removalOutcome !== undefined && removalOutcome !== 'remove' && removalOutcome !== 'withhold_in_country') throw new UsageError('--removal must be remove or withhold_in_country');
      return withContext(config, async (ctx) => {
        const c = await ctx.desk.decide(id, {
          recommendation: rec as Recommendation, reason: (options.reason as string | undefined) ?? '', actor: actorOf(options),
          ...(produce ? { produce: produce as LegalCategory[] } : {}),
          ...(notice ? { notice } : {}),
          ...(options.from !== undefined || options.to !== undefined ? { dateRange: { from: (options.from as string | undefined) ?? null, to: (options.to as string | undefined) ?? null } } : {}),
          ...(removalOutcome ? { removal: { outcome: removalOutcome, countries: typeof options.countries === 'string' ? options.countries.split(',').map((s) => s.trim().toUpperCase()) : [] } } : {}),
        });
        out(summary(c));
        return 0;
      });
    }),
  },
  'legal move': {
    summary: 'Move a case by hand (withdrawn, in_court, nothing_produced, …) with the reason',
    usage: 'publius legal move ID STATE --reason TEXT [--as NAME]',
    options: { reason: { type: 'string' }, as: { type: 'string' } },
    run: wrap(async (config, [id, state], options) => {
      if (!id || !state || !isCaseState(state)) throw new UsageError(`usage: publius legal move ID STATE --reason TEXT (STATE one of ${ALL_STATES.join(', ')})`);
      return withContext(config, async (ctx) => {
        const c = await ctx.desk.transition(id, state, (options.reason as string | undefined) ?? '', actorOf(options));
        out(summary(c));
        return 0;
      });
    }),
  },
  'legal comment': {
    summary: "Add a comment to a case's audit log",
    usage: 'publius legal comment ID TEXT [--as NAME]',
    options: { as: { type: 'string' } },
    run: wrap(async (config, [id, ...words], options) => {
      if (!id || !words.length) throw new UsageError('usage: publius legal comment ID TEXT [--as NAME]');
      return withContext(config, async (ctx) => {
        await ctx.desk.comment(id, words.join(' '), actorOf(options));
        out(`Comment recorded on case ${id}.`);
        return 0;
      });
    }),
  },
  'legal reminders': {
    summary: 'Record reminders for deadlines due within two days and list every deadline of the next 14 days',
    usage: 'publius legal reminders [--json]',
    options: { json: { type: 'boolean' } },
    run: wrap(async (config, _p, options) => withContext(config, async (ctx) => {
      await ctx.desk.notices.deliverDue();
      const reminded = await ctx.desk.remindDue();
      const upcoming = await ctx.desk.upcoming(14);
      if (options.json) { out(JSON.stringify({ reminded, upcoming }, null, 2)); return 0; }
      const now = ctx.clock.now();
      if (!upcoming.length) out('No deadline in the next 14 days.');
      for (const d of upcoming) {
        const due = new Date(d.due_at);
        out(`${due < now ? 'OVERDUE ' : ''}${due.toISOString()}\t${d.kind}\tcase ${d.case_id} (${d.reference}, ${d.state})`);
      }
      return 0;
    })),
  },
  'legal notice release': {
    summary: 'Deliver (or schedule) a withheld notice once the court order forbidding it is lifted',
    usage: 'publius legal notice release CASE_ID HANDLE --reason TEXT [--date YYYY-MM-DD] [--as NAME]',
    options: { reason: { type: 'string' }, date: { type: 'string' }, as: { type: 'string' } },
    run: wrap(async (config, [id, handle], options) => {
      if (!id || !handle) throw new UsageError('usage: publius legal notice release CASE_ID HANDLE --reason TEXT [--date YYYY-MM-DD]');
      const date = options.date as string | undefined;
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date must be YYYY-MM-DD');
      return withContext(config, async (ctx) => {
        await ctx.desk.notices.release(id, handle.replace(/^@/, ''), date ? new Date(`${date}T00:00:00Z`) : null, (options.reason as string | undefined) ?? '', actorOf(options));
        out(date ? `Notice scheduled for ${date}.` : 'Notice delivered.');
        return 0;
      });
    }),
  },
  'legal requester add': {
    summary: 'Issue an agency account for the requester portal; prints its token once',
    usage: 'publius legal requester add --name NAME --authority AUTHORITY --country CC [--as NAME]',
    options: { name: { type: 'string' }, authority: { type: 'string' }, country: { type: 'string' }, as: { type: 'string' } },
    run: wrap(async (config, _p, options) => withContext(config, async (ctx) => {
      const { requester, token } = await ctx.desk.requesters.issue({
        name: String(options.name ?? ''), authority: String(options.authority ?? ''), country: String(options.country ?? '').toUpperCase(),
      }, actorOf(options));
      out(`Agency account ${requester.id} for ${requester.name} (${requester.authority}, ${requester.country}).`);
      out(`Portal token (shown once; send it to the agency by a channel you trust): ${token}`);
      return 0;
    })),
  },
  'legal requester disable': {
    summary: 'Disable an agency account',
    usage: 'publius legal requester disable ID [--as NAME]',
    options: { as: { type: 'string' } },
    run: wrap(async (config, [id], options) => {
      if (!id) throw new UsageError('usage: publius legal requester disable ID');
      return withContext(config, async (ctx) => {
        await ctx.desk.requesters.disable(id, actorOf(options));
        out(`Agency account ${id} disabled.`);
        return 0;
      });
    }),
  },
};

function parseNotice(value: string | undefined, reason: string): NoticeDecision | undefined {
  if (value === undefined) return undefined;
  if (value === 'now') return { action: 'notify_now', date: null, reason };
  if (value === 'withhold') return { action: 'withhold', date: null, reason };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { action: 'notify_after', date: value, reason };
  throw new UsageError('--notice must be now, withhold or a date YYYY-MM-DD');
}
