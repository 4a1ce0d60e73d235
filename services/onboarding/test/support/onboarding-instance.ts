import { createLogger } from '@chatpilot/logger';
import { createAmqpNamespace, createTestDatabase, freePort, waitFor, type AmqpNamespace } from '@chatpilot/testing';

import { loadConfig } from '../../src/config';
import { buildService, type OnboardingService } from '../../src/service';
import { FRONTEND_BASE_URL, INTERNAL_KEY, NOWHERE, ROTATED_INTERNAL_KEY, TEST_LOG_LEVEL, TOKENS } from './constants';
import type { Dependencies } from './dependencies';
import { sql } from './dependencies';
import { claimConsumer } from './queues';
import { rawGet, type RawResponse } from './raw-http';

/** Short enough for tests, the same mechanisms as production. */
const TEST_RETRY_DELAYS_MS = [200, 400, 800];

export interface OnboardingInstance {
  url: string;
  service: OnboardingService;
  sql<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Calls an internal route as the tenant. */
  call(tenantId: string, path: string, init?: RequestInit & { internalKey?: string | null }): Promise<Response>;
  start(tenantId: string, body?: unknown, headers?: Record<string, string>): Promise<{ response: Response; json: StartedSession }>;
  session(tenantId: string, sessionId: string): Promise<SessionJson>;
  waitForSession(tenantId: string, sessionId: string, until: (session: SessionJson) => boolean, description: string, timeoutMs?: number): Promise<SessionJson>;
  /** Sends the browser's GET to a callback location (absolute URL or path with query) without following the redirect. */
  callback(location: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface StartedSession {
  session_id: string;
  status: string;
  onboarding_url: string | null;
  expires_at: string;
}

export interface SessionJson {
  session_id: string;
  status: string;
  stage: { key: string; label: string; percent: number };
  client_id: string | null;
  channels: { channel_id: string; phone_number: string | null; status: string | null; key_provisioned: boolean; webhook_configured: boolean; history_sync: unknown }[];
  history_sync: { phase: number; progress: number; chunks: number; messages: number } | null;
  error: { code: string; message: string } | null;
  [timestamp: string]: unknown;
}

/**
 * onboarding on its own throwaway database, on the dependencies' exchange when given (else on its
 * own namespace, with registry and vault addresses where nothing listens).
 */
export async function startOnboarding(
  label: string,
  dependencies?: Dependencies,
  env: Record<string, string> = {},
  options: { logLines?: string[] } = {},
): Promise<OnboardingInstance> {
  const database = await createTestDatabase(`${label}_onboarding`);
  const ownNamespace: AmqpNamespace | undefined = dependencies ? undefined : await createAmqpNamespace(label);
  const namespace = dependencies?.namespace ?? ownNamespace!;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATABASE_URL: database.url,
    AMQP_URL: namespace.url,
    AMQP_EXCHANGE: dependencies?.exchange ?? namespace.name('events'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_LEVEL: TEST_LOG_LEVEL,
    INTERNAL_API_KEYS: `${INTERNAL_KEY},${ROTATED_INTERNAL_KEY}`,
    PUBLIC_BASE_URL: url,
    FRONTEND_BASE_URL,
    DIALOG360_ONBOARDING_URL: dependencies?.sandbox.info.urls.permissionPage ?? 'https://hub.360dialog.test/dashboard/app/{partner_id}/permissions',
    DIALOG360_PARTNER_ID: 'testPA',
    CHANNEL_REGISTRY_ADDRESS: dependencies?.registryAddress ?? NOWHERE,
    CHANNEL_REGISTRY_TOKEN: TOKENS.onboarding,
    CREDENTIAL_VAULT_ADDRESS: dependencies?.vaultAddress ?? NOWHERE,
    CREDENTIAL_VAULT_TOKEN: TOKENS.onboarding,
    GRPC_DEADLINE_MS: '3000',
    GRPC_BREAKER_RESET_MS: '1000',
    EVENT_RETRY_DELAYS_MS: TEST_RETRY_DELAYS_MS.join(','),
    EVENT_MAX_ATTEMPTS: '4',
    SWEEP_INTERVAL_MS: '250',
    STALLED_STEP_MS: '1500',
    SSE_POLL_INTERVAL_MS: '100',
    ...env,
  });
  const { logLines } = options;
  const logger = logLines
    ? createLogger({ service: 'onboarding', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } })
    : createLogger({ service: 'onboarding', level: TEST_LOG_LEVEL });
  const service = buildService(config, logger, {
    consumerName: claimConsumer(namespace, 'onboarding', config.EVENT_RETRY_DELAYS_MS),
  });
  await service.start();
  return instanceOf(url, service, {
    sql: (text, values) => sql(database.url, text, values),
    close: async () => {
      await service.stop();
      await database.drop();
      await ownNamespace?.cleanup();
    },
  });
}

function instanceOf(url: string, service: OnboardingService, parts: Pick<OnboardingInstance, 'sql' | 'close'>): OnboardingInstance {
  const call: OnboardingInstance['call'] = (tenantId, path, init = {}) => {
    const { internalKey = INTERNAL_KEY, headers, ...rest } = init;
    const auth: Record<string, string> = { 'x-tenant-id': tenantId, ...(internalKey === null ? {} : { 'x-internal-key': internalKey }) };
    return fetch(`${url}${path}`, { ...rest, headers: { ...auth, ...(headers as Record<string, string> | undefined) } });
  };
  const session = async (tenantId: string, sessionId: string): Promise<SessionJson> => {
    const response = await call(tenantId, `/onboarding/session/${sessionId}`);
    if (response.status !== 200) throw new Error(`GET session answered ${response.status}`);
    return (await response.json()) as SessionJson;
  };
  return {
    url,
    service,
    ...parts,
    call,
    start: async (tenantId, body, headers = {}) => {
      const response = await call(tenantId, '/onboarding/coexistence/start', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { response, json: (await response.clone().json()) as StartedSession };
    },
    session,
    waitForSession: (tenantId, sessionId, until, description, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const current = await session(tenantId, sessionId);
          return until(current) ? current : undefined;
        },
        { description, timeoutMs, intervalMs: 100 },
      ),
    callback: (location, headers = {}) => {
      const target = location.startsWith('http') ? location.slice(location.indexOf('/', 'http://'.length)) : location;
      return rawGet(url, target, headers);
    },
  };
}
