import { env, parseConfig, type Env } from '@chatpilot/config';
import { z } from 'zod';
import type { StatusSchedule } from './state/settings';

/**
 * The standalone sandbox's environment. The credentials default to fixed, well-known values
 * so a local demo can configure the services without copying random secrets around; they
 * protect nothing but a simulator.
 */
const schema = z.object({
  SANDBOX_PORT: env.port(4360),
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PUBLIC_URL: env.url().optional(),
  SANDBOX_MESSAGING_BASE_URL: env.url().optional(),
  SANDBOX_PARTNER_ID: z.string().regex(/^[A-Za-z0-9]+$/, 'must be alphanumeric').default('sandbxPA'),
  SANDBOX_PARTNER_API_KEY: env.secret(8).default('sandbox-partner-api-key'),
  SANDBOX_PARTNER_USERNAME: z.string().default('partner@sandbox.test'),
  SANDBOX_PARTNER_PASSWORD: env.secret(8).default('sandbox-password'),
  SANDBOX_PLATFORM_SECRET: env.secret(8).default('sandbox-platform-secret'),
  SANDBOX_WEBHOOK_URL: env.url().optional(),
  SANDBOX_REDIRECT_URL: env.url().optional(),
  /** `immediate`, `manual`, or the milliseconds between status steps. */
  SANDBOX_STATUS_SCHEDULE: z
    .string()
    .regex(/^(immediate|manual|\d+)$/, 'must be immediate, manual or a number of milliseconds')
    .default('2000'),
  LOG_LEVEL: env.logLevel(),
});

export type SandboxConfig = z.infer<typeof schema>;

export function loadConfig(source: Env): SandboxConfig {
  return parseConfig('d360-sandbox', schema, source);
}

export function statusScheduleOf(config: SandboxConfig): StatusSchedule {
  const value = config.SANDBOX_STATUS_SCHEDULE;
  return value === 'immediate' || value === 'manual' ? value : { stepDelayMs: Number(value) };
}
