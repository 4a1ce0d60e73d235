import { randomBytes } from 'node:crypto';
import { createSandbox, SandboxControlClient, type SandboxInfo } from '@chatpilot/d360-sandbox';
import { hashToken } from '@chatpilot/grpc';
import { createLogger, type Logger } from '@chatpilot/logger';
import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import { createAmqpNamespace, createTestDatabase, type AmqpNamespace, type TestDatabase } from '@chatpilot/testing';
import { createVaultClient, type VaultClient, type VaultClientOptions } from '@chatpilot/vault-client';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { buildService, type VaultService, type VaultServiceOverrides } from '../../src/service';

export const TOKENS = {
  onboarding: `onboarding-${randomBytes(12).toString('hex')}`,
  sender: `sender-${randomBytes(12).toString('hex')}`,
  registry: `registry-${randomBytes(12).toString('hex')}`,
  admin: `admin-${randomBytes(12).toString('hex')}`,
};

const CALLERS = [
  ['onboarding', TOKENS.onboarding],
  ['messaging-sender', TOKENS.sender],
  ['channel-registry', TOKENS.registry],
  ['admin', TOKENS.admin],
] as const;

export const WEBHOOK_URL_TEMPLATE = 'https://hooks.chatpilot.test/webhooks/360dialog/channels/{channel_id}';

export function newEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** The real 360dialog sandbox over HTTP, channels moved only when a test says so. */
export interface SandboxFixture {
  control: SandboxControlClient;
  info: SandboxInfo;
  onboardChannel(): Promise<string>;
  stop(): Promise<void>;
}

export async function startSandbox(): Promise<SandboxFixture> {
  const sandbox = createSandbox({ statusSchedule: 'manual' });
  const { url } = await sandbox.start(0, '127.0.0.1');
  const control = new SandboxControlClient(url);
  let numbers = 0;
  return {
    control,
    info: await control.info(),
    onboardChannel: async () => {
      numbers += 1;
      const result = await control.onboard({ phoneNumbers: [`+4916${String(Date.now() % 1e6).padStart(6, '0')}${String(numbers).padStart(3, '0')}`] });
      return result.channelIds[0]!;
    },
    stop: () => sandbox.stop(),
  };
}

/** The variables a vault needs, pointing at the test database, broker namespace and sandbox. */
export function vaultEnvironment(options: { databaseUrl: string; amqp: AmqpNamespace; sandbox?: SandboxInfo; encryptionKey: string }): Record<string, string> {
  const { sandbox } = options;
  return {
    DATABASE_URL: options.databaseUrl,
    AMQP_URL: options.amqp.url,
    AMQP_EXCHANGE: options.amqp.name('events'),
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    CREDENTIAL_ENCRYPTION_KEY: options.encryptionKey,
    VAULT_CALLERS: CALLERS.map(([name, token]) => `${name}:${hashToken(token)}`).join(','),
    DIALOG360_PARTNER_ID: sandbox?.partnerId ?? 'unusedPA',
    DIALOG360_PARTNER_API_URL: sandbox?.urls.partnerApi ?? 'http://127.0.0.1:9/api/v2',
    DIALOG360_PARTNER_API_KEY: sandbox?.credentials.partnerApiKey ?? 'unused',
    DIALOG360_TIMEOUT_MS: '3000',
    DIALOG360_BREAKER_RESET_MS: '1500',
    CHANNEL_WEBHOOK_URL: WEBHOOK_URL_TEMPLATE,
    VAULT_HEALTH_INTERVAL_MS: '100',
  };
}

export interface RunningVault {
  service: VaultService;
  address: string;
  httpUrl: string;
  stop(): Promise<void>;
}

/** A vault built from `environment` exactly as main.ts would, on loopback ports. */
export async function startVault(environment: Record<string, string>, logger: Logger, overrides: VaultServiceOverrides = {}): Promise<RunningVault> {
  const service = buildService(loadConfig(environment), logger, overrides);
  await service.start();
  return {
    service,
    address: `127.0.0.1:${service.grpcPort()}`,
    httpUrl: `http://127.0.0.1:${service.httpPort()}`,
    stop: () => service.stop(),
  };
}

export interface VaultTestBed {
  database: TestDatabase;
  amqp: AmqpNamespace;
  /** Consumer name to pass as an override, so the queues live in this file's namespace. */
  consumerName: string;
  logger: Logger;
  /** Every line any vault of this file logged, at debug level and up. */
  logLines: string[];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A vault client without retries or breaker (tests see every answer), closed by close(). */
  client(address: string, token: string, options?: Partial<VaultClientOptions>): VaultClient;
  close(): Promise<void>;
}

/** A throwaway database and broker namespace, a captured logger, and clients closed at the end. */
export async function createTestBed(label: string): Promise<VaultTestBed> {
  const database = await createTestDatabase(label);
  const amqp = await createAmqpNamespace(label);
  const consumerName = amqp.name('credential-vault');
  for (const queue of consumerQueueNames(consumerName, DEFAULT_RETRY_DELAYS_MS)) {
    if (queue !== consumerName) amqp.name(queue.slice(amqp.prefix.length + 1));
  }
  const logLines: string[] = [];
  const logger = createLogger({ service: 'credential-vault', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const sqlClient = new Client({ connectionString: database.url });
  await sqlClient.connect();
  const clients: VaultClient[] = [];
  return {
    database,
    amqp,
    consumerName,
    logger,
    logLines,
    sql: async <T>(text: string, params: unknown[] = []) => (await sqlClient.query(text, params)).rows as T[],
    client: (address, token, options = {}) => {
      const client = createVaultClient({ address, token, retry: false, breaker: false, ...options });
      clients.push(client);
      return client;
    },
    close: async () => {
      clients.forEach((client) => client.close());
      await sqlClient.end();
      await database.drop();
      await amqp.cleanup();
    },
  };
}
