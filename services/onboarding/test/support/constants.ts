import { randomBytes } from 'node:crypto';

export const INTERNAL_KEY = `internal-${randomBytes(8).toString('hex')}`;
/** A second accepted key: X-Internal-Key rotation. */
export const ROTATED_INTERNAL_KEY = `internal-next-${randomBytes(8).toString('hex')}`;
export const FRONTEND_BASE_URL = 'https://app.chatpilot.test/app';
export const TOKENS = {
  onboarding: `onboarding-${randomBytes(12).toString('hex')}`,
  webhookIngest: `webhook-ingest-${randomBytes(12).toString('hex')}`,
};
/** Where onboarding's gRPC clients point when a test runs without registry and vault: nothing listens. */
export const NOWHERE = '127.0.0.1:9';
export const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
