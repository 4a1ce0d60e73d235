import { env, parseConfig, type Env } from '@chatpilot/config';
import { z } from 'zod';

import { resolvePermissionPageUrl } from './domain/onboarding-link';

export const SERVICE_NAME = 'onboarding';

const positiveMsList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((item) => Number(item.trim())))
    .refine((delays) => delays.length > 0 && delays.every((delay) => Number.isInteger(delay) && delay > 0), {
      message: 'must be a comma separated list of positive whole milliseconds',
    });

const schema = z.object({
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: env.port(8080),
  DATABASE_URL: env.postgresUrl(),
  DATABASE_POOL_SIZE: env.positiveInt(28),
  AMQP_URL: env.amqpUrl(),
  AMQP_EXCHANGE: z.string().min(1).default('chatpilot.events'),
  /** Names this consumer's queues (`<name>.events`, …) and inbox rows; tests sharing one broker give each system its own. */
  EVENT_CONSUMER_NAME: z.string().min(1).default(SERVICE_NAME),
  LOG_LEVEL: env.logLevel(),
  MIGRATIONS_RUN: env.boolean(true),

  /** Accepted X-Internal-Key values (several during a rotation). */
  INTERNAL_API_KEYS: env.list({ min: 1 }),
  /** Where 360dialog redirects the browser back to (this service's public URL). */
  PUBLIC_BASE_URL: env.baseUrl(),
  /** The only place the callback ever redirects to. */
  FRONTEND_BASE_URL: env.baseUrl(),
  /** 360dialog's permission page; `{partner_id}` is filled from DIALOG360_PARTNER_ID. Unset: onboarding is not configured. */
  DIALOG360_ONBOARDING_URL: env.url().optional(),
  DIALOG360_PARTNER_ID: z.string().min(1).optional(),
  ONBOARDING_STATE_TTL_SECONDS: env.positiveInt(1800),
  ACTIVATION_TIMEOUT_SECONDS: env.positiveInt(3600),
  MAX_CHANNELS_PER_TENANT: env.positiveInt(10),

  CHANNEL_REGISTRY_ADDRESS: z.string().min(1).default('127.0.0.1:50052'),
  CHANNEL_REGISTRY_TOKEN: env.secret(16),
  CREDENTIAL_VAULT_ADDRESS: z.string().min(1).default('127.0.0.1:50051'),
  CREDENTIAL_VAULT_TOKEN: env.secret(16),
  GRPC_DEADLINE_MS: env.positiveInt(5_000),
  GRPC_BREAKER_RESET_MS: env.positiveInt(30_000),
  /** PEM files for TLS to both gRPC services (the CA turns TLS on; cert and key add a client certificate). */
  GRPC_TLS_CA_FILE: z.string().min(1).optional(),
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),

  /** Delays between attempts of a failed event handler (a saga step whose dependency is down). */
  EVENT_RETRY_DELAYS_MS: positiveMsList('1000,10000,60000'),
  EVENT_MAX_ATTEMPTS: env.positiveInt(8),
  SWEEP_INTERVAL_MS: env.positiveInt(5_000),
  /** A saga step that has not moved for this long is driven again by the sweeper. */
  STALLED_STEP_MS: env.positiveInt(30_000),
  SSE_POLL_INTERVAL_MS: env.positiveInt(1_000),
  SSE_HEARTBEAT_MS: env.positiveInt(15_000),
}).superRefine(
  (config, context) => {
    // Unset, the URL means "onboarding not configured" on purpose; a template without its partner id is a mistake.
    const template: unknown = config.DIALOG360_ONBOARDING_URL;
    if (typeof template === 'string' && template.includes('{partner_id}') && config.DIALOG360_PARTNER_ID === undefined) {
      context.addIssue({ code: 'custom', path: ['DIALOG360_PARTNER_ID'], message: 'is required while DIALOG360_ONBOARDING_URL contains {partner_id}' });
    }
  },
  // Run even when a field failed, so one start-up names every problem.
  { when: () => true },
);

export type OnboardingConfig = z.output<typeof schema> & {
  /** DIALOG360_ONBOARDING_URL with the partner id filled in; undefined: not configured. */
  permissionPageUrl: string | undefined;
};

export function loadConfig(source: Env = process.env): OnboardingConfig {
  const parsed = parseConfig(SERVICE_NAME, schema, source);
  return { ...parsed, permissionPageUrl: resolvePermissionPageUrl(parsed.DIALOG360_ONBOARDING_URL, parsed.DIALOG360_PARTNER_ID) };
}
