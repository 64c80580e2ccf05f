import type { Config } from '../config/config.js';
import { createContext, type Context } from '../context.js';
import { PubliusError } from '../errors.js';

export const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/** Runs a command against the instance's database; a domain error is a message and exit code 1, not a stack. */
export async function withContext(config: Config, fn: (ctx: Context) => Promise<number>): Promise<number> {
  const ctx = await createContext({ ...config, logLevel: 'warn' });
  try {
    return await fn(ctx);
  } catch (err) {
    if (err instanceof PubliusError) { process.stderr.write(`${err.message}\n`); return 1; }
    throw err;
  } finally {
    await ctx.close();
  }
}
