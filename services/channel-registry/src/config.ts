import { type Env, env, parseConfig } from '@chatpilot/config';
import { DEFAULT_PARTNER_API_URL } from '@chatpilot/d360-client';
import { z } from 'zod';

export const SERVICE_NAME = 'channel-registry';

const seconds = (fallback: number) => z.coerce.number().positive('must be a positive number of seconds').default(fallback);
const perSecond = (fallback: number) => z.coerce.number().positive('must be a positive number per second').default(fallback);

/** `name:sha256hex` pairs: the caller name and the SHA-256 (hex) of its bearer token. */
const callerList = env.list({ min: 1 }).pipe(
  z.array(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*:[0-9a-f]{64}$/i, 'each entry must be <caller name>:<sha256 hex of its token>')
      .transform((entry) => {
        const separator = entry.lastIndexOf(':');
        return { caller: entry.slice(0, separator), tokenSha256: entry.slice(separator + 1).toLowerCase() };
      }),
  ),
);

const allowList = (...fallback: string[]) => env.list().default(fallback);

const schema = z
  .object({
    DATABASE_URL: env.postgresUrl(),
    AMQP_URL: env.amqpUrl(),
    AMQP_EXCHANGE: z.string().min(1).default('chatpilot.events'),
    /** Names this consumer's queues (`<name>.events`, …) and inbox rows; tests sharing one broker give each system its own. */
    EVENT_CONSUMER_NAME: z.string().min(1).default(SERVICE_NAME),
    MIGRATIONS_RUN: env.boolean(true),
    LOG_LEVEL: env.logLevel(),
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    HTTP_PORT: env.port(8082),
    GRPC_PORT: env.port(50052),
    GRPC_HOST: z.string().min(1).default('0.0.0.0'),
    /** Optional TLS for the gRPC server; with a required client certificate its CN names the caller. */
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    GRPC_TLS_CA_FILE: z.string().min(1).optional(),
    GRPC_TLS_REQUIRE_CLIENT_CERT: env.boolean(false),
    /** How often gRPC health re-checks the database and the broker. */
    HEALTH_CHECK_INTERVAL_SECONDS: seconds(5),
    INTERNAL_API_KEYS: env.list({ min: 1 }),
    REGISTRY_CALLERS: callerList,
    REGISTRY_ALLOW_LINK_CHANNELS: allowList('onboarding'),
    REGISTRY_ALLOW_GET_CHANNEL: allowList('onboarding', 'messaging-sender'),
    REGISTRY_ALLOW_LIST_CHANNELS: allowList('onboarding'),
    REGISTRY_ALLOW_RESOLVE_CHANNEL: allowList('webhook-ingest', 'messaging-sender', 'onboarding'),
    REGISTRY_ALLOW_MARK_REVOKED: allowList('onboarding'),
    RECONCILER_ENABLED: env.boolean(true),
    DIALOG360_PARTNER_API_URL: env.url().default(DEFAULT_PARTNER_API_URL),
    DIALOG360_PARTNER_ID: z.string().min(1).optional(),
    DIALOG360_PARTNER_API_KEY: env.secret().optional(),
    DIALOG360_PARTNER_TOKEN: env.secret().optional(),
    DIALOG360_TIMEOUT_SECONDS: seconds(10),
    DIALOG360_BREAKER_RESET_SECONDS: seconds(30),
    /** How often the reconciler looks for due channels. */
    RECONCILER_INTERVAL_SECONDS: seconds(15),
    /** A linked channel not running after this long is re-read from the Partner API… */
    RECONCILER_NOT_RUNNING_AFTER_SECONDS: seconds(120),
    /** …at most this often. */
    RECONCILER_RECHECK_SECONDS: seconds(60),
    /** Every channel is re-read at least this often. */
    RECONCILER_FULL_SWEEP_SECONDS: seconds(6 * 60 * 60),
    RECONCILER_BATCH_SIZE: env.positiveInt(50),
    /** Client-side rate limit of Partner API reads (360dialog publishes no general limit). */
    RECONCILER_REQUESTS_PER_SECOND: perSecond(2),
    RECONCILER_BURST: env.positiveInt(5),
  })
  // Run even when a field failed, so one start-up names every problem; fields that failed hold their raw text.
  .superRefine((config, context) => {
    checkTlsFiles(config, context);
    if (config.RECONCILER_ENABLED !== true) return;
    if (config.DIALOG360_PARTNER_ID === undefined) {
      context.addIssue({ code: 'custom', path: ['DIALOG360_PARTNER_ID'], message: 'is required while RECONCILER_ENABLED is true' });
    }
    if (config.DIALOG360_PARTNER_API_KEY === undefined && config.DIALOG360_PARTNER_TOKEN === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['DIALOG360_PARTNER_API_KEY'],
        message: 'DIALOG360_PARTNER_API_KEY or DIALOG360_PARTNER_TOKEN is required while RECONCILER_ENABLED is true',
      });
    }
  }, { when: () => true });

export type RegistryConfig = z.infer<typeof schema>;

const TLS_FILES = ['GRPC_TLS_CERT_FILE', 'GRPC_TLS_KEY_FILE', 'GRPC_TLS_CA_FILE'] as const;

/** The TLS files come together or not at all. */
function checkTlsFiles(config: Pick<RegistryConfig, (typeof TLS_FILES)[number]>, context: z.RefinementCtx): void {
  const given = TLS_FILES.filter((name) => config[name] !== undefined);
  if (given.length === 0 || given.length === TLS_FILES.length) return;
  for (const name of TLS_FILES.filter((file) => !given.includes(file))) {
    context.addIssue({ code: 'custom', path: [name], message: `is required when ${given.join(', ')} is set` });
  }
}

export function loadConfig(variables: Env = process.env): RegistryConfig {
  return parseConfig(SERVICE_NAME, schema, variables);
}
