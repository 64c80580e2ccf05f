import type { Command } from './commands.js';
import { createContext } from '../context.js';
import { AuditLog } from '../legal/desk/audit-log.js';
import { Canary } from '../legal/canary/canary.js';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/** The legal desk's commands; they read the same configuration as the server. */
export const legalCommands: Record<string, Command> = {
  'legal verify-log': {
    summary: "Recompute the legal desk's hash-chained audit log; exit 1 if any entry was altered",
    usage: 'publius legal verify-log [--json]',
    options: { json: { type: 'boolean' } },
    async run(config, _p, options) {
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      try {
        const verdict = await new AuditLog(ctx.db, ctx.clock).verify();
        if (options.json) out(JSON.stringify(verdict));
        else if (verdict.ok) out(`Audit log intact: ${verdict.entries} entries, head ${verdict.head}`);
        else out(`AUDIT LOG ALTERED at entry ${verdict.firstBadSeq} (${verdict.reason}); ${verdict.entries} entries read`);
        return verdict.ok ? 0 : 1;
      } finally {
        await ctx.close();
      }
    },
  },
  'legal canary renew': {
    summary: 'Issue a new signed warrant-canary statement',
    usage: 'publius legal canary renew [--days N]',
    options: { days: { type: 'string' } },
    async run(config, _p, options) {
      const days = Number(options.days ?? 30);
      if (!Number.isInteger(days) || days < 1 || days > 366) { out('--days must be a whole number from 1 to 366'); return 2; }
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      try {
        const status = await new Canary(ctx.db, ctx.clock, config.instanceName).renew(days);
        out(`${status.statement}\n\nSigned by key ${status.fingerprint}; valid until ${status.expires_on}.`);
        return 0;
      } finally {
        await ctx.close();
      }
    },
  },
  'legal canary status': {
    summary: "Show the warrant canary's current state",
    usage: 'publius legal canary status',
    async run(config) {
      const ctx = await createContext({ ...config, logLevel: 'warn' });
      try {
        const status = await new Canary(ctx.db, ctx.clock, config.instanceName).status();
        out(JSON.stringify(status, null, 2));
        return status.state === 'current' ? 0 : 1;
      } finally {
        await ctx.close();
      }
    },
  },
};
