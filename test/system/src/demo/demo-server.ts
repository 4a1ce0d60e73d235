import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { createHttpApp, startHttpServer } from '@chatpilot/http';
import type { Logger } from '@chatpilot/logger';
import { Registry } from 'prom-client';

import { demoRoutes } from './demo-routes';
import { createOnboardingClient } from './onboarding-client';

export interface DemoServerOptions {
  port: number;
  host: string;
  /** onboarding's base URL (its internal API and the SSE stream). */
  onboardingUrl: string;
  /** Held by the demo's server side only, as ChatPilot's backend-for-frontend holds it. */
  internalApiKey: string;
  logger: Logger;
}

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/** The page standing in for ChatPilot's frontend (FRONTEND_BASE_URL): Connect, success and error pages. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const shutdown = new AbortController();
  const bound: { host?: string } = {};
  const app = createHttpApp({
    service: 'demo',
    logger: options.logger,
    metricsRegistry: new Registry(),
    routes: (routes) =>
      routes.use(
        demoRoutes({
          onboarding: createOnboardingClient({ baseUrl: options.onboardingUrl, internalApiKey: options.internalApiKey }),
          canonicalHost: () => bound.host,
          assetsDir: demoAssetsDir(),
          shutdown: shutdown.signal,
        }),
      ),
  });
  const server = await startHttpServer(app, { port: options.port, host: options.host, logger: options.logger });
  bound.host = `${options.host}:${server.port}`;
  return {
    url: `http://${options.host}:${server.port}`,
    close: async () => {
      // Followed sessions are endless streams; ending them lets the server drain.
      shutdown.abort();
      await server.close();
    },
  };
}

/** test/system/public, found from src/ (tests) and dist/src/ (npm start) alike. */
function demoAssetsDir(from: string = __dirname): string {
  for (let folder = from; dirname(folder) !== folder; folder = dirname(folder)) {
    const candidate = join(folder, 'public');
    if (existsSync(join(candidate, 'demo.css'))) return candidate;
  }
  throw new Error(`the demo's public/ folder was not found above ${from}`);
}
