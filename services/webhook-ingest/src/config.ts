import { env, parseConfig, type Env } from '@chatpilot/config';
import { z } from 'zod';

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;

/** `500ms`, `30s`, `15m`, `12h`, `7d`; a bare number is seconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[unit]!);
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const ms = parseDurationMs(text);
      if (ms === undefined || ms <= 0) {
        context.addIssue({ code: 'custom', message: 'must be a positive duration such as 500ms, 30s, 15m, 12h or 7d' });
        return z.NEVER;
      }
      return ms;
    });

const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const BYTE_SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i;

/** `512kb`, `10mb` (1024-based, like body-parser) → bytes. */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE_PATTERN.exec(text.trim());
  return match ? Math.floor(Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!) : undefined;
}

const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const bytes = parseByteSize(text);
      if (bytes === undefined || bytes <= 0) {
        context.addIssue({ code: 'custom', message: 'must be a size such as 512kb or 10mb' });
        return z.NEVER;
      }
      return bytes;
    });

const schema = z.object({
  DATABASE_URL: env.postgresUrl(),
  DATABASE_POOL_SIZE: env.positiveInt(16),
  AMQP_URL: env.amqpUrl(),
  AMQP_EXCHANGE: z.string().min(1).default('chatpilot.events'),
  /** Names this consumer's queues (`<name>.events`, …) and inbox rows; tests sharing one broker give each system its own. */
  EVENT_CONSUMER_NAME: z.string().min(1).default('webhook-ingest'),
  HTTP_PORT: env.port(8081),
  HTTP_HOST: z.string().min(1).optional(),
  LOG_LEVEL: env.logLevel(),
  MIGRATIONS_RUN: env.boolean(true),
  INTERNAL_API_KEYS: env.list({ min: 1 }),
  /** Comma separated during a rotation; unset turns verification off (warned at start-up). */
  DIALOG360_WEBHOOK_SECRET: env.list().default([]),
  WEBHOOK_BODY_LIMIT: byteSize('10mb'),
  WEBHOOK_BUFFER_TTL: duration('7d'),
  WEBHOOK_BUFFER_SWEEP_INTERVAL: duration('30s'),
  WEBHOOK_STORE_TIMEOUT: duration('10s'),
  WEBHOOK_RETRY_AFTER_SECONDS: env.positiveInt(5),
  WEBHOOK_BATCH_MAX_EVENTS: env.positiveInt(256),
  WEBHOOK_BATCH_MAX_BYTES: byteSize('16mb'),
  WEBHOOK_BATCH_CONCURRENCY: env.positiveInt(2),
  WEBHOOK_MAX_QUEUED: env.positiveInt(10_000),
});

export type WebhookIngestConfig = z.infer<typeof schema>;

/** The only place that reads the environment. */
export function loadConfig(environment: Env = process.env): WebhookIngestConfig {
  return parseConfig('webhook-ingest', schema, environment);
}
