import { join } from 'node:path';

import { createSandbox, type SettingsPatch, type StatusSchedule } from '@chatpilot/d360-sandbox';
import { createLogger, type Logger } from '@chatpilot/logger';
import { createInMemoryTransport, type MessageTransport } from '@chatpilot/messaging';

import { startDemoServer } from '../demo/demo-server';
import { DEFAULT_DEMO_SYSTEM_PORTS, systemUrls, type DemoSystemPorts, type SystemUrls } from '../system-urls';
import { loadOrCreateSecrets, SERVICE_NAMES, systemEnv, type ProcessEnv, type ServiceName, type SystemEnv, type SystemSecrets } from '../system-env';
import { lockDataDir } from './data-dir-lock';
import { openPgliteDatabase, type PgliteDatabase } from './pglite-database';
import { SERVICE_FACTORIES, SERVICE_SCHEMAS } from './service-modules';
import { createShutdownStack, type ShutdownStack } from './shutdown-stack';

/** A logger per component (each service, the sandbox, the demo, the bus). */
export type LoggerFactory = (component: string) => Logger;

export interface EmbeddedSystemOptions {
  /** Holds one PGlite database per service (`<dataDir>/<service>`) and the generated secrets. */
  dataDir: string;
  /** Defaults to the documented ports (onboarding 8080 … sandbox 4360, demo 3000); every port must be a real one. */
  ports?: Partial<DemoSystemPorts>;
  host?: string;
  logger?: LoggerFactory;
  /** How fast the sandbox moves a granted number to `running`; default 800 ms per step, so a person sees each stage. */
  statusSchedule?: StatusSchedule;
}

export interface EmbeddedSystem {
  urls: SystemUrls;
  /** Persisted in the data directory: the internal API key, gRPC tokens, the vault's encryption key. */
  secrets: SystemSecrets;
  secretsFile: string;
  /** Stops the demo, the services, the sandbox and the bus, then closes the databases. */
  stop(): Promise<void>;
}

/** The sandbox of the demo: automatic, quick status steps and coexistence sync that a person can follow. */
const DEMO_SANDBOX_SETTINGS: SettingsPatch = {
  webhookOrder: 'before_redirect',
  coexistenceSync: 'on_running',
  history: { chunksPerPhase: 2, messagesPerChunk: 4, chunkDelayMs: 400 },
  webhookRetry: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 5_000, timeoutMs: 5_000 },
};
const DEFAULT_STEP_DELAY_MS = 800;

/**
 * The whole system in this one Node process, like the single-binary "all targets" mode of Grafana
 * Loki: each service still its own module with its own buildService, ports and (PGlite) database;
 * the in-memory transport as the event bus; the 360dialog sandbox and the demo page beside them.
 */
export async function startEmbeddedSystem(options: EmbeddedSystemOptions): Promise<EmbeddedSystem> {
  const loggerFor = options.logger ?? ((component: string) => createLogger({ service: component }));
  const host = options.host ?? '127.0.0.1';
  const ports: DemoSystemPorts = { ...DEFAULT_DEMO_SYSTEM_PORTS, ...options.ports };
  const urls = systemUrls(ports, host);
  const stack = createShutdownStack(loggerFor('system'));
  try {
    stack.push('data directory lock', lockDataDir(options.dataDir));
    const secretsFile = join(options.dataDir, 'secrets.json');
    const secrets = loadOrCreateSecrets(secretsFile);
    const env = embeddedEnv(ports, host, secrets, urls.demo);
    const transport = createInMemoryTransport({ logger: loggerFor('event-bus') });
    stack.push('event bus', () => transport.close());
    await startSandbox(env['d360-sandbox'], ports.sandbox, host, options.statusSchedule, loggerFor, stack);
    await startServices({ dataDir: options.dataDir, env, transport, loggerFor, stack });
    const demo = await startDemoServer({ port: ports.demo, host, onboardingUrl: urls.onboarding, internalApiKey: secrets.internalApiKey, logger: loggerFor('demo') });
    stack.push('demo', () => demo.close());
    return { urls, secrets, secretsFile, stop: () => stack.unwind() };
  } catch (error) {
    await stack.unwind();
    throw error;
  }
}

/** The same environment the separate processes get, minus what PGlite and the in-memory bus replace. */
function embeddedEnv(ports: DemoSystemPorts, host: string, secrets: SystemSecrets, demoUrl: string): SystemEnv {
  // The services validate these URLs but never connect: their DataSource and transport are injected.
  const databaseUrls = Object.fromEntries(SERVICE_NAMES.map((name) => [name, `postgres://pglite/${name}`])) as Record<ServiceName, string>;
  // Migrations run before the services start (see openPgliteDatabase), as a Kubernetes Job would.
  const noMigrations: ProcessEnv = { MIGRATIONS_RUN: 'false' };
  return systemEnv({
    ports,
    host,
    databaseUrls,
    amqpUrl: 'amqp://in-memory',
    secrets,
    frontendBaseUrl: demoUrl,
    extra: {
      'webhook-ingest': noMigrations,
      'channel-registry': noMigrations,
      'credential-vault': noMigrations,
      onboarding: { ...noMigrations, SSE_POLL_INTERVAL_MS: '300' },
    },
  });
}

async function startSandbox(
  env: ProcessEnv,
  port: number,
  host: string,
  statusSchedule: StatusSchedule | undefined,
  loggerFor: LoggerFactory,
  stack: ShutdownStack,
): Promise<void> {
  const sandbox = createSandbox({
    partnerId: env.SANDBOX_PARTNER_ID,
    partnerApiKey: env.SANDBOX_PARTNER_API_KEY,
    platformSecret: env.SANDBOX_PLATFORM_SECRET,
    webhookUrl: env.SANDBOX_WEBHOOK_URL,
    redirectUrl: env.SANDBOX_REDIRECT_URL,
    statusSchedule: statusSchedule ?? { stepDelayMs: DEFAULT_STEP_DELAY_MS },
    settings: DEMO_SANDBOX_SETTINGS,
    logger: loggerFor('d360-sandbox'),
  });
  await sandbox.start(port, host);
  stack.push('d360-sandbox', () => sandbox.stop());
}

interface ServiceWiring {
  dataDir: string;
  env: SystemEnv;
  transport: MessageTransport;
  loggerFor: LoggerFactory;
  stack: ShutdownStack;
}

/** Opens the four databases side by side (PGlite's start-up is the slow part), then starts the services in dependency order. */
async function startServices({ dataDir, env, transport, loggerFor, stack }: ServiceWiring): Promise<void> {
  const opening = SERVICE_NAMES.map((name) => openPgliteDatabase({ dataDir: join(dataDir, name), ...SERVICE_SCHEMAS[name], logger: loggerFor(name) }));
  const outcomes = await Promise.allSettled(opening);
  const databases: PgliteDatabase[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status !== 'fulfilled') continue;
    databases.push(outcome.value);
    stack.push(`${SERVICE_NAMES[index]} database`, () => outcome.value.close());
  }
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;

  for (const [index, name] of SERVICE_NAMES.entries()) {
    const service = SERVICE_FACTORIES[name](env[name], loggerFor(name), { dataSource: databases[index]!.dataSource, transport });
    stack.push(name, () => service.stop());
    await service.start();
  }
}
