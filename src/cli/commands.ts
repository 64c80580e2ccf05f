import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { dbTargetOf } from '../context.js';
import { migrateToLatest } from '../db/migrator.js';
import { randomToken } from '../security/tokens.js';
import { startCommand } from './start.js';
import { legalCommands } from './legal-commands.js';
import { legalCaseCommands } from './legal-case-commands.js';
import { legalReportCommands } from './legal-report-command.js';
import { out, withContext } from './command-context.js';

export interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(config: Config, positionals: string[], options: Record<string, string | boolean | undefined>): Promise<number>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export const commands: Record<string, Command> = {
  start: startCommand,
  migrate: {
    summary: 'Run database migrations and exit',
    usage: 'publius migrate',
    async run(config) {
      const handle = await openDatabase(dbTargetOf(config));
      try {
        const ran = await migrateToLatest(handle.db);
        out(ran.length ? `Applied: ${ran.join(', ')}` : 'Database is up to date');
      } finally {
        await handle.close();
      }
      return 0;
    },
  },
  'admin create-admin': {
    summary: 'Create an admin account; prints a generated passphrase and recovery codes once',
    usage: 'publius admin create-admin <handle> [--passphrase-stdin]',
    options: { 'passphrase-stdin': { type: 'boolean' } },
    async run(config, [handle], options) {
      if (!handle) { out('usage: publius admin create-admin <handle> [--passphrase-stdin]'); return 2; }
      const passphrase = options['passphrase-stdin'] ? await readStdin() : generatedPassphrase();
      return withContext(config, async (ctx) => {
        const { account, recoveryCodes } = await ctx.accounts.signUp({ handle, passphrase, role: 'admin', bypassSignupMode: true });
        out(`Created admin @${account.handle}.`);
        if (!options['passphrase-stdin']) out(`Passphrase (shown once): ${passphrase}`);
        out(`Recovery codes (shown once; each works once):\n  ${recoveryCodes.join('\n  ')}`);
        return 0;
      });
    },
  },
  'admin invite': {
    summary: 'Create single-use invite codes',
    usage: 'publius admin invite [--count N] [--days N]',
    options: { count: { type: 'string' }, days: { type: 'string' } },
    async run(config, _p, options) {
      const count = Number(options.count ?? 1);
      const days = Number(options.days ?? 7);
      if (!Number.isInteger(count) || count < 1 || count > 1000 || !Number.isInteger(days) || days < 1) {
        out('--count must be 1..1000 and --days a positive whole number'); return 2;
      }
      return withContext(config, async (ctx) => {
        for (let i = 0; i < count; i++) out(await ctx.accounts.createInvite(null, days));
        return 0;
      });
    },
  },
  'admin suspend': {
    summary: 'Suspend an account (ends its sessions)',
    usage: 'publius admin suspend <handle>',
    async run(config, [handle]) {
      if (!handle) { out('usage: publius admin suspend <handle>'); return 2; }
      return withContext(config, async (ctx) => { await ctx.accounts.setSuspended(handle, true); out(`Suspended @${handle}`); return 0; });
    },
  },
  'admin unsuspend': {
    summary: 'Lift a suspension',
    usage: 'publius admin unsuspend <handle>',
    async run(config, [handle]) {
      if (!handle) { out('usage: publius admin unsuspend <handle>'); return 2; }
      return withContext(config, async (ctx) => { await ctx.accounts.setSuspended(handle, false); out(`Unsuspended @${handle}`); return 0; });
    },
  },
  'admin role': {
    summary: 'Set an account role: user, moderator, legal or admin',
    usage: 'publius admin role <handle> <user|moderator|legal|admin>',
    async run(config, [handle, role]) {
      if (!handle || !['user', 'moderator', 'legal', 'admin'].includes(role ?? '')) { out('usage: publius admin role <handle> <user|moderator|legal|admin>'); return 2; }
      return withContext(config, async (ctx) => { await ctx.accounts.setRole(handle, role as 'user'); out(`@${handle} is now ${role}`); return 0; });
    },
  },
};

Object.assign(commands, legalCommands, legalCaseCommands, legalReportCommands);

function generatedPassphrase(): string {
  return randomToken(18);
}

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${c.usage.padEnd(62)} ${c.summary}`);
  return `Usage: publius <command>\n\nCommands:\n${lines.join('\n')}\n\nSettings come from the environment; see README.md.\n`;
}
