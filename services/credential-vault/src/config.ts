import type { KeyObject } from 'node:crypto';
import { env, parseConfig, type Env } from '@chatpilot/config';
import { z } from 'zod';
import { parseCallerTokens } from './domain/caller-tokens';
import { isChannelWebhookUrlTemplate } from './domain/channel-webhook-url';
import { decodeEncryptionKey, deriveKeyId, ENCRYPTION_KEY_BYTES } from './domain/encryption-key';
import type { KeyringKeys } from './domain/keyring';

export const SERVICE_NAME = 'credential-vault';

const KEY_PROBLEM = `must be exactly ${ENCRYPTION_KEY_BYTES} bytes, written as base64 or hex`;

const encryptionKey = () =>
  z.string().transform((text, ctx) => {
    const key = decodeEncryptionKey(text);
    if (key === undefined) ctx.addIssue({ code: 'custom', message: KEY_PROBLEM });
    return key ?? z.NEVER;
  });

const previousEncryptionKeys = () =>
  z.string().transform((text, ctx) => {
    const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
    return entries.map((entry, index) => {
      const key = decodeEncryptionKey(entry);
      if (key === undefined) ctx.addIssue({ code: 'custom', message: `entry ${index + 1} ${KEY_PROBLEM}` });
      return key ?? z.NEVER;
    });
  });

/** Shared by the service and the admin CLI: the vault's encryption keys. */
const encryptionKeyShape = {
  CREDENTIAL_ENCRYPTION_KEY: encryptionKey().optional(),
  /** The older name of CREDENTIAL_ENCRYPTION_KEY, still accepted. */
  ONBOARDING_ENCRYPTION_KEY: encryptionKey().optional(),
  CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: previousEncryptionKeys().default([]),
};

const partnerApiShape = {
  DIALOG360_PARTNER_ID: z.string().min(1).optional(),
  DIALOG360_PARTNER_API_URL: env.url().default('https://hub.360dialog.io/api/v2'),
  DIALOG360_PARTNER_API_KEY: env.secret().optional(),
  DIALOG360_PARTNER_TOKEN: env.secret().optional(),
  DIALOG360_TIMEOUT_MS: env.positiveInt(10_000),
  DIALOG360_BREAKER_RESET_MS: env.positiveInt(30_000),
  /** The number's own webhook, e.g. https://hooks.example/webhooks/360dialog/channels/{channel_id}. */
  CHANNEL_WEBHOOK_URL: z.string().refine(isChannelWebhookUrlTemplate, 'must be an http(s) URL containing {channel_id}').optional(),
};

const allowList = (...callers: string[]) => env.list({ min: 1 }).default(callers);

const serviceSchema = z
  .object({
    DATABASE_URL: env.postgresUrl(),
    DATABASE_POOL_SIZE: env.positiveInt(12),
    AMQP_URL: env.amqpUrl(),
    AMQP_EXCHANGE: z.string().min(1).default('chatpilot.events'),
    /** Names this consumer's queues (`<name>.events`, …) and inbox rows; tests sharing one broker give each system its own. */
    EVENT_CONSUMER_NAME: z.string().min(1).default(SERVICE_NAME),
    LOG_LEVEL: env.logLevel(),
    GRPC_HOST: z.string().min(1).default('0.0.0.0'),
    GRPC_PORT: env.port(50051),
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    HTTP_PORT: env.port(9464),
    MIGRATIONS_RUN: env.boolean(true),
    VAULT_CALLERS: z.string(),
    VAULT_ALLOW_PROVISION_CHANNEL_KEY: allowList('onboarding'),
    VAULT_ALLOW_STORE_CHANNEL_KEY: allowList('admin'),
    VAULT_ALLOW_GET_CHANNEL_CREDENTIALS: allowList('messaging-sender'),
    VAULT_ALLOW_DESCRIBE_CHANNEL_KEY: allowList('onboarding', 'channel-registry', 'messaging-sender'),
    VAULT_ALLOW_REVOKE_CHANNEL_KEY: allowList('onboarding', 'channel-registry'),
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    GRPC_TLS_CA_FILE: z.string().min(1).optional(),
    GRPC_TLS_REQUIRE_CLIENT_CERT: env.boolean(false),
    VAULT_HEALTH_INTERVAL_MS: env.positiveInt(5_000),
    /** Level of the per-call gRPC access lines; every call is in the audit table already. */
    GRPC_ACCESS_LOG_LEVEL: env.logLevel().default('warn'),
    ...encryptionKeyShape,
    ...partnerApiShape,
  })
  .superRefine(
    (values, ctx) => {
      checkEncryptionKeys(values, ctx);
      checkPartnerApi(values, ctx);
      checkCallers(values.VAULT_CALLERS, ctx);
      checkTls(values, ctx);
    },
    { when: () => true },
  );

const adminSchema = z
  .object({ DATABASE_URL: env.postgresUrl(), LOG_LEVEL: env.logLevel().default('warn'), ...encryptionKeyShape, ...partnerApiShape })
  .superRefine((values, ctx) => checkEncryptionKeys(values, ctx), { when: () => true });

type ServiceEnv = z.infer<typeof serviceSchema>;
type AdminEnv = z.infer<typeof adminSchema>;

export type PartnerApiConfig = {
  baseUrl: string;
  partnerId: string;
  auth: { apiKey: string } | { token: string };
  timeoutMs: number;
  breakerResetMs: number;
};

export type AllowedCallers = Record<'ProvisionChannelKey' | 'StoreChannelKey' | 'GetChannelCredentials' | 'DescribeChannelKey' | 'RevokeChannelKey', string[]>;

export interface VaultConfig {
  databaseUrl: string;
  databasePoolSize: number;
  amqpUrl: string;
  amqpExchange: string;
  consumerName: string;
  logLevel: string;
  grpc: { host: string; port: number; accessLogLevel: string; tls?: { certFile: string; keyFile: string; caFile: string; requireClientCert: boolean } };
  http: { host: string; port: number };
  runMigrations: boolean;
  encryptionKeys: KeyringKeys;
  /** SHA-256 hex of each caller token → caller name. */
  callers: Map<string, string>;
  allowedCallers: AllowedCallers;
  partnerApi: PartnerApiConfig;
  channelWebhookUrlTemplate?: string;
  healthIntervalMs: number;
}

export interface VaultAdminConfig {
  databaseUrl: string;
  logLevel: string;
  encryptionKeys: KeyringKeys;
  /** Absent when the Partner API variables are not set; only `rotate-channel-key` needs them. */
  partnerApi?: PartnerApiConfig;
  channelWebhookUrlTemplate?: string;
}

/** The only place that reads the service's environment. Throws ConfigError naming every bad variable. */
export function loadConfig(environment: Env = process.env): VaultConfig {
  const values = parseConfig(SERVICE_NAME, serviceSchema, environment);
  const tls = values.GRPC_TLS_CERT_FILE && values.GRPC_TLS_KEY_FILE && values.GRPC_TLS_CA_FILE;
  return {
    databaseUrl: values.DATABASE_URL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    amqpUrl: values.AMQP_URL,
    amqpExchange: values.AMQP_EXCHANGE,
    consumerName: values.EVENT_CONSUMER_NAME,
    logLevel: values.LOG_LEVEL,
    grpc: {
      host: values.GRPC_HOST,
      port: values.GRPC_PORT,
      accessLogLevel: values.GRPC_ACCESS_LOG_LEVEL,
      ...(tls
        ? { tls: { certFile: values.GRPC_TLS_CERT_FILE!, keyFile: values.GRPC_TLS_KEY_FILE!, caFile: values.GRPC_TLS_CA_FILE!, requireClientCert: values.GRPC_TLS_REQUIRE_CLIENT_CERT } }
        : {}),
    },
    http: { host: values.HTTP_HOST, port: values.HTTP_PORT },
    runMigrations: values.MIGRATIONS_RUN,
    encryptionKeys: encryptionKeysOf(values),
    callers: parseCallerTokens(values.VAULT_CALLERS).callers,
    allowedCallers: {
      ProvisionChannelKey: values.VAULT_ALLOW_PROVISION_CHANNEL_KEY,
      StoreChannelKey: values.VAULT_ALLOW_STORE_CHANNEL_KEY,
      GetChannelCredentials: values.VAULT_ALLOW_GET_CHANNEL_CREDENTIALS,
      DescribeChannelKey: values.VAULT_ALLOW_DESCRIBE_CHANNEL_KEY,
      RevokeChannelKey: values.VAULT_ALLOW_REVOKE_CHANNEL_KEY,
    },
    partnerApi: partnerApiOf(values)!,
    ...(values.CHANNEL_WEBHOOK_URL ? { channelWebhookUrlTemplate: values.CHANNEL_WEBHOOK_URL } : {}),
    healthIntervalMs: values.VAULT_HEALTH_INTERVAL_MS,
  };
}

/** The admin CLI's environment: the database and the keys; the Partner API only when given. */
export function loadAdminConfig(environment: Env = process.env): VaultAdminConfig {
  const values = parseConfig(`${SERVICE_NAME} admin`, adminSchema, environment);
  const partnerApi = partnerApiOf(values);
  return {
    databaseUrl: values.DATABASE_URL,
    logLevel: values.LOG_LEVEL,
    encryptionKeys: encryptionKeysOf(values),
    ...(partnerApi ? { partnerApi } : {}),
    ...(values.CHANNEL_WEBHOOK_URL ? { channelWebhookUrlTemplate: values.CHANNEL_WEBHOOK_URL } : {}),
  };
}

type EncryptionKeyValues = Pick<ServiceEnv, keyof typeof encryptionKeyShape>;

function encryptionKeysOf(values: EncryptionKeyValues): KeyringKeys {
  const current = (values.CREDENTIAL_ENCRYPTION_KEY ?? values.ONBOARDING_ENCRYPTION_KEY) as KeyObject;
  return { current, previous: values.CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS };
}

function partnerApiOf(values: ServiceEnv | AdminEnv): PartnerApiConfig | undefined {
  const auth = values.DIALOG360_PARTNER_API_KEY
    ? { apiKey: values.DIALOG360_PARTNER_API_KEY }
    : values.DIALOG360_PARTNER_TOKEN
      ? { token: values.DIALOG360_PARTNER_TOKEN }
      : undefined;
  if (!values.DIALOG360_PARTNER_ID || !auth) return undefined;
  return {
    baseUrl: values.DIALOG360_PARTNER_API_URL,
    partnerId: values.DIALOG360_PARTNER_ID,
    auth,
    timeoutMs: values.DIALOG360_TIMEOUT_MS,
    breakerResetMs: values.DIALOG360_BREAKER_RESET_MS,
  };
}

// Cross-field checks run even when single fields failed, so one message lists every problem.
// They read the parsed values defensively: a field that failed is simply absent.

function checkEncryptionKeys(values: Partial<EncryptionKeyValues>, ctx: z.RefinementCtx): void {
  const { CREDENTIAL_ENCRYPTION_KEY: credential, ONBOARDING_ENCRYPTION_KEY: onboarding } = values;
  if (credential === undefined && onboarding === undefined) {
    ctx.addIssue({ code: 'custom', path: ['CREDENTIAL_ENCRYPTION_KEY'], message: 'is required (or its older name ONBOARDING_ENCRYPTION_KEY)' });
  } else if (isKey(credential) && isKey(onboarding) && deriveKeyId(credential) !== deriveKeyId(onboarding)) {
    ctx.addIssue({ code: 'custom', path: ['CREDENTIAL_ENCRYPTION_KEY'], message: 'differs from ONBOARDING_ENCRYPTION_KEY; set only one of them' });
  }
}

function checkPartnerApi(values: Partial<ServiceEnv>, ctx: z.RefinementCtx): void {
  if (!values.DIALOG360_PARTNER_ID) ctx.addIssue({ code: 'custom', path: ['DIALOG360_PARTNER_ID'], message: 'is required but not set' });
  if (!values.DIALOG360_PARTNER_API_KEY && !values.DIALOG360_PARTNER_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['DIALOG360_PARTNER_API_KEY'], message: 'is required (or DIALOG360_PARTNER_TOKEN)' });
  }
}

function checkCallers(text: string | undefined, ctx: z.RefinementCtx): void {
  if (text === undefined) return;
  for (const problem of parseCallerTokens(text).problems) ctx.addIssue({ code: 'custom', path: ['VAULT_CALLERS'], message: problem });
}

function checkTls(values: Partial<ServiceEnv>, ctx: z.RefinementCtx): void {
  const files = ['GRPC_TLS_CERT_FILE', 'GRPC_TLS_KEY_FILE', 'GRPC_TLS_CA_FILE'] as const;
  const given = files.filter((name) => values[name] !== undefined);
  if (given.length === 0 || given.length === files.length) return;
  for (const name of files.filter((file) => !given.includes(file))) {
    ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${given.join(', ')} is set` });
  }
}

function isKey(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && 'export' in value;
}

const sendTestMessageSchema = z.object({
  VAULT_ADDRESS: z.string().min(1).default('127.0.0.1:50051'),
  /** A token the vault maps to a caller allowed to call GetChannelCredentials. */
  VAULT_TOKEN: env.secret(),
  VAULT_DEADLINE_MS: env.positiveInt(5_000),
  LOG_LEVEL: env.logLevel().default('warn'),
});

export interface SendTestMessageConfig {
  vaultAddress: string;
  vaultToken: string;
  vaultDeadlineMs: number;
  logLevel: string;
}

/** The environment of `npm run send-test-message`: where the vault is and as whom to ask it. */
export function loadSendTestMessageConfig(environment: Env = process.env): SendTestMessageConfig {
  const values = parseConfig('send-test-message', sendTestMessageSchema, environment);
  return { vaultAddress: values.VAULT_ADDRESS, vaultToken: values.VAULT_TOKEN, vaultDeadlineMs: values.VAULT_DEADLINE_MS, logLevel: values.LOG_LEVEL };
}
