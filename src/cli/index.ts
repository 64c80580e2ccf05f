import { parseArgs } from 'node:util';
import { buildConfig, ConfigError } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { commands, usage } from './commands.js';

/** `publius <command> …`: reads the same configuration as the server (DATA_DIR or DATABASE_URL). */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const sub = rest[0] && !rest[0].startsWith('-') ? `${name} ${rest[0]}` : undefined;
  const command = (sub && commands[sub]) ? commands[sub] : commands[name ?? ''];
  const args = (sub && commands[sub]) ? rest.slice(1) : rest;
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
