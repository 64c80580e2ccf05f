import { buildConfig, type Config } from './config/config.js';
import { readEnv } from './config/env.js';
import { createContext, type Context } from './context.js';
import { buildApp } from './app.js';
import type { FastifyInstance } from 'fastify';
import { enforceRetention } from './maintenance/retention.js';
import { runDeskChores } from './maintenance/legal-desk.js';
import { startSampling } from './insights/sampling.js';

export interface RunningServer {
  ctx: Context;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Starts one server process: config → context (migrations run) → app → listen. */
export async function startServer(config: Config = buildConfig(readEnv())): Promise<RunningServer> {
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  ctx.logger.info({ url, backend: ctx.backend, signupMode: config.signupMode }, 'Publius is listening');
  if ((await ctx.accounts.store.adminCount()) === 0) {
    ctx.logger.info('No admin yet. Create one with: npx publius admin create-admin <handle>');
  }
  const retention = async () => {
    await enforceRetention(ctx).catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'retention run failed'));
    await runDeskChores(ctx).catch((err: Error) => ctx.logger.warn({ err: { message: err.message } }, 'legal desk chores failed'));
  };
  void retention();
  const purge = setInterval(() => { void retention(); }, 3600_000);
  purge.unref();
  const stopSampling = startSampling(ctx); // follower/post counts for insights, every 10 minutes
  let stopped = false;
  return {
    ctx, app, url,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(purge);
      stopSampling();
      await app.close();
      await ctx.close();
    },
  };
}
