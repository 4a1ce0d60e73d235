import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { freePort } from '@chatpilot/testing';

/**
 * The one place that knows every process's environment: which ports, which database, which
 * exchange, which secrets, and how the services and the 360dialog sandbox find each other.
 */

export const SERVICE_NAMES = ['webhook-ingest', 'channel-registry', 'credential-vault', 'onboarding'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** The four services and the 360dialog sandbox, in start order. */
export const PROCESS_NAMES = ['d360-sandbox', ...SERVICE_NAMES] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

export type ProcessEnv = Record<string, string>;
export type SystemEnv = Record<ProcessName, ProcessEnv>;

export interface SystemPorts {
  onboardingHttp: number;
  ingestHttp: number;
  registryHttp: number;
  registryGrpc: number;
  vaultGrpc: number;
  vaultHttp: number;
  sandbox: number;
}

/** The ports the services' READMEs document. */
export const DEFAULT_PORTS: Readonly<SystemPorts> = {
  onboardingHttp: 8080,
  ingestHttp: 8081,
  registryHttp: 8082,
  registryGrpc: 50052,
  vaultGrpc: 50051,
  vaultHttp: 9464,
  sandbox: 4360,
};

export interface SystemSecrets {
  internalApiKey: string;
  /** 32 bytes, base64: the vault's CREDENTIAL_ENCRYPTION_KEY. */
  encryptionKey: string;
  /** Signs the sandbox's partner webhooks; webhook-ingest verifies them (DIALOG360_WEBHOOK_SECRET). */
  webhookSecret: string;
  partnerApiKey: string;
  /** gRPC bearer tokens; the servers only ever see their SHA-256. */
  tokens: {
    onboardingToRegistry: string;
    onboardingToVault: string;
    messagingSenderToRegistry: string;
    messagingSenderToVault: string;
  };
}

export const SANDBOX_PARTNER_ID = 'sandbxPA';
export const MESSAGING_SENDER = 'messaging-sender';

export interface SystemEnvOptions {
  ports: SystemPorts;
  /** Every listener binds here and every URL points here. */
  host?: string;
  databaseUrls: Record<ServiceName, string>;
  amqpUrl: string;
  /** The topic exchange (tests pass a namespaced one). */
  exchange?: string;
  /**
   * Prefixes each service's consumer name (its queues `<prefix>.<service>.events`, … and inbox rows),
   * so systems sharing one broker never take each other's messages; default: the service name alone.
   */
  consumerPrefix?: string;
  secrets: SystemSecrets;
  /** Where the callback sends the browser (the demo's base URL). */
  frontendBaseUrl: string;
  /** Where 360dialog sends the browser back to; defaults to onboarding's own URL. */
  publicBaseUrl?: string;
  logLevel?: string;
  /** `immediate`, `manual` or milliseconds per status step of the sandbox. */
  sandboxStatusSchedule?: string;
  /** Added last, per process: tuning for tests and benchmarks. */
  extra?: Partial<Record<ProcessName, ProcessEnv>>;
}

export interface SystemEndpoints {
  onboarding: string;
  webhookIngest: string;
  registryHttp: string;
  registryGrpc: string;
  vaultGrpc: string;
  vaultHttp: string;
  sandbox: string;
}

export function systemEndpoints(ports: SystemPorts, host = '127.0.0.1'): SystemEndpoints {
  const http = (port: number) => `http://${host}:${port}`;
  return {
    onboarding: http(ports.onboardingHttp),
    webhookIngest: http(ports.ingestHttp),
    registryHttp: http(ports.registryHttp),
    registryGrpc: `${host}:${ports.registryGrpc}`,
    vaultGrpc: `${host}:${ports.vaultGrpc}`,
    vaultHttp: http(ports.vaultHttp),
    sandbox: http(ports.sandbox),
  };
}

/** Each process's complete environment; nothing else is inherited but PATH-like basics (see processes/). */
export function systemEnv(options: SystemEnvOptions): SystemEnv {
  const host = options.host ?? '127.0.0.1';
  const endpoints = systemEndpoints(options.ports, host);
  const { secrets } = options;
  const publicBaseUrl = options.publicBaseUrl ?? endpoints.onboarding;
  const common = (service: ServiceName): ProcessEnv => ({
    DATABASE_URL: options.databaseUrls[service],
    AMQP_URL: options.amqpUrl,
    AMQP_EXCHANGE: options.exchange ?? 'chatpilot.events',
    LOG_LEVEL: options.logLevel ?? 'info',
    INTERNAL_API_KEYS: secrets.internalApiKey,
    ...(options.consumerPrefix === undefined ? {} : { EVENT_CONSUMER_NAME: `${options.consumerPrefix}.${service}` }),
  });
  const partnerApi: ProcessEnv = {
    DIALOG360_PARTNER_ID: SANDBOX_PARTNER_ID,
    DIALOG360_PARTNER_API_URL: `${endpoints.sandbox}/api/v2`,
    DIALOG360_PARTNER_API_KEY: secrets.partnerApiKey,
  };
  const env: SystemEnv = {
    'd360-sandbox': {
      SANDBOX_PORT: String(options.ports.sandbox),
      SANDBOX_HOST: host,
      SANDBOX_PARTNER_ID: SANDBOX_PARTNER_ID,
      SANDBOX_PARTNER_API_KEY: secrets.partnerApiKey,
      SANDBOX_PLATFORM_SECRET: secrets.webhookSecret,
      SANDBOX_WEBHOOK_URL: `${endpoints.webhookIngest}/webhooks/360dialog`,
      SANDBOX_REDIRECT_URL: `${publicBaseUrl}/onboarding/360/callback`,
      SANDBOX_STATUS_SCHEDULE: options.sandboxStatusSchedule ?? '2000',
      LOG_LEVEL: options.logLevel ?? 'info',
    },
    'webhook-ingest': {
      ...common('webhook-ingest'),
      HTTP_HOST: host,
      HTTP_PORT: String(options.ports.ingestHttp),
      DIALOG360_WEBHOOK_SECRET: secrets.webhookSecret,
    },
    'channel-registry': {
      ...common('channel-registry'),
      ...partnerApi,
      HTTP_HOST: host,
      HTTP_PORT: String(options.ports.registryHttp),
      GRPC_HOST: host,
      GRPC_PORT: String(options.ports.registryGrpc),
      REGISTRY_CALLERS: callerList({ onboarding: secrets.tokens.onboardingToRegistry, [MESSAGING_SENDER]: secrets.tokens.messagingSenderToRegistry }),
    },
    'credential-vault': {
      ...common('credential-vault'),
      ...partnerApi,
      GRPC_HOST: host,
      GRPC_PORT: String(options.ports.vaultGrpc),
      HTTP_HOST: host,
      HTTP_PORT: String(options.ports.vaultHttp),
      CREDENTIAL_ENCRYPTION_KEY: secrets.encryptionKey,
      VAULT_CALLERS: callerList({ onboarding: secrets.tokens.onboardingToVault, [MESSAGING_SENDER]: secrets.tokens.messagingSenderToVault }),
      CHANNEL_WEBHOOK_URL: `${endpoints.webhookIngest}/webhooks/360dialog/channels/{channel_id}`,
    },
    onboarding: {
      ...common('onboarding'),
      HTTP_HOST: host,
      HTTP_PORT: String(options.ports.onboardingHttp),
      PUBLIC_BASE_URL: publicBaseUrl,
      FRONTEND_BASE_URL: options.frontendBaseUrl,
      DIALOG360_ONBOARDING_URL: `${endpoints.sandbox}/dashboard/app/{partner_id}/permissions`,
      DIALOG360_PARTNER_ID: SANDBOX_PARTNER_ID,
      CHANNEL_REGISTRY_ADDRESS: endpoints.registryGrpc,
      CHANNEL_REGISTRY_TOKEN: secrets.tokens.onboardingToRegistry,
      CREDENTIAL_VAULT_ADDRESS: endpoints.vaultGrpc,
      CREDENTIAL_VAULT_TOKEN: secrets.tokens.onboardingToVault,
    },
  };
  for (const name of PROCESS_NAMES) env[name] = { ...env[name], ...options.extra?.[name] };
  return env;
}

/** `caller:sha256hex` pairs, as REGISTRY_CALLERS and VAULT_CALLERS expect them. */
function callerList(tokens: Record<string, string>): string {
  return Object.entries(tokens)
    .map(([caller, token]) => `${caller}:${createHash('sha256').update(token).digest('hex')}`)
    .join(',');
}

/** `<server>/<prefix>_<service>` per service, e.g. chatpilot_onboarding; each service creates its database if missing. */
export function databaseUrlsFor(serverUrl: string, prefix: string): Record<ServiceName, string> {
  const urlOf = (service: ServiceName) => {
    const url = new URL(serverUrl);
    url.pathname = `/${prefix}_${service.replaceAll('-', '_')}`;
    return url.toString();
  };
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, urlOf(service)])) as Record<ServiceName, string>;
}

/** Ports the OS reports free right now, one per listener. */
export async function allocatePorts(): Promise<SystemPorts> {
  const entries = await Promise.all(Object.keys(DEFAULT_PORTS).map(async (key) => [key, await freePort()] as const));
  return Object.fromEntries(entries) as unknown as SystemPorts;
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

export function generateSecrets(): SystemSecrets {
  return {
    internalApiKey: `internal-${secret(18)}`,
    encryptionKey: randomBytes(32).toString('base64'),
    webhookSecret: `webhook-${secret(18)}`,
    partnerApiKey: `partner-${secret(18)}`,
    tokens: {
      onboardingToRegistry: `onboarding-registry-${secret(18)}`,
      onboardingToVault: `onboarding-vault-${secret(18)}`,
      messagingSenderToRegistry: `sender-registry-${secret(18)}`,
      messagingSenderToVault: `sender-vault-${secret(18)}`,
    },
  };
}

/**
 * The secrets stored in `file` (readable by the owner only), generated on first use: the vault's
 * data stays decryptable across restarts because its encryption key does not change.
 */
export function loadOrCreateSecrets(file: string): SystemSecrets {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SystemSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets = generateSecrets();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return secrets;
}
