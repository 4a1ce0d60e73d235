import { randomBytes } from 'node:crypto';

import { buildService as buildRegistry, loadConfig as loadRegistryConfig } from '@chatpilot/channel-registry';
import { buildService as buildVault, loadConfig as loadVaultConfig, type VaultService } from '@chatpilot/credential-vault';
import { createSandbox, SandboxControlClient, type SandboxInfo, type SettingsPatch } from '@chatpilot/d360-sandbox';
import { hashToken } from '@chatpilot/grpc';
import { createLogger } from '@chatpilot/logger';
import { createAmqpNamespace, createTestDatabase, freePort, type AmqpNamespace } from '@chatpilot/testing';
import { buildService as buildIngest, loadConfig as loadIngestConfig } from '@chatpilot/webhook-ingest';
import { Client } from 'pg';

import { INTERNAL_KEY, TEST_LOG_LEVEL, TOKENS } from './constants';
import { claimConsumer } from './queues';

/** Everything onboarding talks to, real and in process: webhook-ingest, the sandbox, channel-registry, credential-vault. */
export interface Dependencies {
  namespace: AmqpNamespace;
  exchange: string;
  sandbox: { url: string; control: SandboxControlClient; info: SandboxInfo };
  registryAddress: string;
  vaultAddress: string;
  /** Stops the vault (its port goes dark) until `restartVault`. */
  stopVault(): Promise<void>;
  restartVault(): Promise<void>;
  registrySql<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  vaultSql<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** Fast, automatic 360dialog: channels run a second or two after the grant, webhooks retried quickly. */
export const FAST_SANDBOX: SettingsPatch = {
  statusSchedule: { stepDelayMs: 250 },
  webhookOrder: 'before_redirect',
  coexistenceSync: 'on_running',
  history: { chunksPerPhase: 1, messagesPerChunk: 2, chunkDelayMs: 20 },
  webhookRetry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 500, timeoutMs: 5_000 },
};

type Closers = (() => Promise<unknown> | unknown)[];

interface Shared {
  namespace: AmqpNamespace;
  base: Record<string, string>;
  closers: Closers;
  /** A throwaway database for one service, dropped on close. */
  database(service: string): Promise<string>;
}

export async function startDependencies(label: string): Promise<Dependencies> {
  const closers: Closers = [];
  const close = async () => {
    while (closers.length > 0) await closers.pop()!();
  };
  try {
    const namespace = await createAmqpNamespace(label);
    closers.push(() => namespace.cleanup());
    const exchange = namespace.name('events');
    const shared: Shared = {
      namespace,
      closers,
      base: { AMQP_URL: namespace.url, AMQP_EXCHANGE: exchange, LOG_LEVEL: TEST_LOG_LEVEL },
      database: async (service) => {
        const created = await createTestDatabase(`${label}_${service}`);
        closers.push(() => created.drop());
        return created.url;
      },
    };
    const platformSecret = randomBytes(16).toString('hex');
    const ingestUrl = await startIngest(shared, platformSecret);
    const sandbox = await startSandbox(shared, ingestUrl, platformSecret);
    const partner = {
      DIALOG360_PARTNER_ID: sandbox.info.partnerId,
      DIALOG360_PARTNER_API_URL: sandbox.info.urls.partnerApi,
      DIALOG360_PARTNER_API_KEY: sandbox.info.credentials.partnerApiKey,
    };
    const registry = await startRegistry(shared, partner);
    const vault = await startRestartableVault(shared, partner, ingestUrl);
    return { namespace, exchange, sandbox, ...registry, ...vault, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const loggerFor = (service: string) => createLogger({ service, level: TEST_LOG_LEVEL });

async function startIngest(shared: Shared, platformSecret: string): Promise<string> {
  const config = loadIngestConfig({
    ...shared.base,
    DATABASE_URL: await shared.database('ingest'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INTERNAL_API_KEYS: INTERNAL_KEY,
    DIALOG360_WEBHOOK_SECRET: platformSecret,
  });
  const ingest = buildIngest(config, loggerFor('webhook-ingest'), { consumerName: claimConsumer(shared.namespace, 'webhook-ingest') });
  shared.closers.push(() => ingest.stop());
  await ingest.start();
  return `http://127.0.0.1:${ingest.httpPort()}`;
}

async function startSandbox(shared: Shared, ingestUrl: string, platformSecret: string): Promise<Dependencies['sandbox']> {
  const server = createSandbox({ webhookUrl: `${ingestUrl}/webhooks/360dialog`, platformSecret, settings: FAST_SANDBOX });
  const { url } = await server.start(0, '127.0.0.1');
  shared.closers.push(() => server.stop());
  const control = new SandboxControlClient(url);
  return { url, control, info: await control.info() };
}

async function startRegistry(shared: Shared, partner: Record<string, string>): Promise<Pick<Dependencies, 'registryAddress' | 'registrySql'>> {
  const databaseUrl = await shared.database('registry');
  const config = loadRegistryConfig({
    ...shared.base,
    ...partner,
    DATABASE_URL: databaseUrl,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    INTERNAL_API_KEYS: INTERNAL_KEY,
    REGISTRY_CALLERS: `onboarding:${hashToken(TOKENS.onboarding)},webhook-ingest:${hashToken(TOKENS.webhookIngest)}`,
  });
  const registry = buildRegistry(config, loggerFor('channel-registry'), { consumerName: claimConsumer(shared.namespace, 'channel-registry') });
  shared.closers.push(() => registry.stop());
  await registry.start();
  return { registryAddress: `127.0.0.1:${registry.ports().grpc}`, registrySql: (text, values) => sql(databaseUrl, text, values) };
}

/** The vault on a fixed port, so a test can stop it and start it again where onboarding expects it. */
async function startRestartableVault(
  shared: Shared,
  partner: Record<string, string>,
  ingestUrl: string,
): Promise<Pick<Dependencies, 'vaultAddress' | 'vaultSql' | 'stopVault' | 'restartVault'>> {
  const databaseUrl = await shared.database('vault');
  const config = loadVaultConfig({
    ...shared.base,
    ...partner,
    DATABASE_URL: databaseUrl,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    VAULT_CALLERS: `onboarding:${hashToken(TOKENS.onboarding)}`,
    CHANNEL_WEBHOOK_URL: `${ingestUrl}/webhooks/360dialog/channels/{channel_id}`,
    VAULT_HEALTH_INTERVAL_MS: '200',
  });
  const consumerName = claimConsumer(shared.namespace, 'credential-vault');
  let vault: VaultService | undefined;
  const restartVault = async () => {
    vault = buildVault(config, loggerFor('credential-vault'), { consumerName });
    await vault.start();
  };
  const stopVault = async () => {
    await vault?.stop();
    vault = undefined;
  };
  shared.closers.push(stopVault);
  await restartVault();
  return { vaultAddress: `127.0.0.1:${config.grpc.port}`, vaultSql: (text, values) => sql(databaseUrl, text, values), stopVault, restartVault };
}

export async function sql<Row>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
