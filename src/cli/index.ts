import { parseArgs } from 'node:util';
import { buildConfig, ConfigError } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { commands, usage } from './commands.js';

/** `publius <command> …`: reads the same configuration as the server (DATA_DIR or DATABASE_URL). */
export async function runCli(argv: string[]): Promise<number> {
  const [name] = argv;
  // Commands have one to three words ("start", "admin invite", "legal canary renew"): take the longest match.
  let words = 0;
  for (let n = 3; n >= 1 && !words; n--) {
    if (argv.slice(0, n).every((w) => w && !w.startsWith('-')) && commands[argv.slice(0, n).join(' ')]) words = n;
  }
  const command = words ? commands[argv.slice(0, words).join(' ')] : undefined;
  const args = argv.slice(words);
  if (!command || name === 'help' || name === '--help') {
    process.stdout.write(usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  let config;
  try {
    config = buildConfig(readEnv());
  } catch (err) {
    if (err instanceof ConfigError) { process.stderr.write(`${err.message}\n`); return 2; }
    throw err;
  }
  const parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  return command.run(config, parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
}
