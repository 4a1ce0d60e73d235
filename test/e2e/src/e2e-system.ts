import { SandboxControlClient, type SettingsPatch } from '@chatpilot/d360-sandbox';
import {
  allocatePorts,
  generateSecrets,
  SERVICE_NAMES,
  startSystemProcesses,
  type LogSink,
  type ProcessEnv,
  type ProcessName,
  type ServiceName,
  type SystemProcesses,
  type SystemSecrets,
} from '@chatpilot/system';
import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import { createAmqpNamespace, createTestDatabase, startFaultProxy, testInfrastructure, type AmqpNamespace, type FaultProxy, type TestDatabase } from '@chatpilot/testing';

import { createOnboardingApi, type OnboardingApi } from './onboarding-api';

export const FRONTEND_BASE_URL = 'https://app.chatpilot.test/app';

const FAST_HISTORY = { chunksPerPhase: 1, messagesPerChunk: 2, chunkDelayMs: 20 };
/** What FAST_SANDBOX's history sync sends for one number: three phases of chunks. */
export const HISTORY_CHUNKS_PER_NUMBER = 3 * FAST_HISTORY.chunksPerPhase;
export const HISTORY_MESSAGES_PER_NUMBER = HISTORY_CHUNKS_PER_NUMBER * FAST_HISTORY.messagesPerChunk;

/**
 * 360dialog at full speed: a granted number runs at once, its webhooks are retried quickly, history
 * comes in three short phases. The e2e files start from this and change what their scenario needs.
 */
export const FAST_SANDBOX: SettingsPatch = {
  statusSchedule: 'immediate',
  webhookOrder: 'after_redirect',
  afterRedirectDelayMs: 200,
  coexistenceSync: 'on_running',
  history: FAST_HISTORY,
  webhookRetry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 500, timeoutMs: 5_000 },
  webhookDelivery: { dropRate: 0, duplicateRate: 0, events: null },
};

const FAST_EVENT_RETRY_DELAYS_MS = [200, 400, 800];

/** Production mechanisms with test-sized timings: quick event retries, sweeper, health polling. */
const FAST_TIMINGS: Partial<Record<ProcessName, ProcessEnv>> = {
  onboarding: {
    GRPC_DEADLINE_MS: '3000',
    GRPC_BREAKER_RESET_MS: '1000',
    EVENT_RETRY_DELAYS_MS: FAST_EVENT_RETRY_DELAYS_MS.join(','),
    EVENT_MAX_ATTEMPTS: '6',
    SWEEP_INTERVAL_MS: '250',
    STALLED_STEP_MS: '1500',
    SSE_POLL_INTERVAL_MS: '100',
  },
  // The reconciler keeps its production pace: within a test, nothing lost on the bus may be papered over by it.
  'channel-registry': { HEALTH_CHECK_INTERVAL_SECONDS: '1' },
  'credential-vault': { VAULT_HEALTH_INTERVAL_MS: '250' },
  'webhook-ingest': { WEBHOOK_BUFFER_SWEEP_INTERVAL: '500ms' },
};

export interface E2eSystem {
  processes: SystemProcesses;
  secrets: SystemSecrets;
  sandbox: SandboxControlClient;
  onboarding: OnboardingApi;
  /** The AMQP names of this system: its exchange and anything a test adds (removed on close). */
  namespace: AmqpNamespace;
  exchange: string;
  /** Set when the services reach RabbitMQ through a fault proxy (`amqpThroughProxy`). */
  amqpProxy: FaultProxy | undefined;
  /** Stops every process, then drops the databases and the AMQP names. */
  close(): Promise<void>;
}

export interface E2eSystemOptions {
  /** Route every service's AMQP connection through a fault proxy that the test can cut. */
  amqpThroughProxy?: boolean;
  /** `fast` (default): test-sized retry, sweeper and health intervals; `production`: the services' defaults. */
  timings?: 'fast' | 'production';
  logLevel?: string;
  /** Options for Node in every process (see StartSystemProcessesOptions.nodeArgs). */
  nodeArgs?: readonly string[];
}

/** `E2E_LOG=1` streams every process's output, prefixed with its name; otherwise it is kept for failure messages only. */
const printedWhenAsked: LogSink = (name, line, stream) => {
  if (process.env.E2E_LOG) (stream === 'stderr' ? process.stderr : process.stdout).write(`[${name}] ${line}\n`);
};

/**
 * The whole system for one test file: each service and the sandbox as its own process, one
 * throwaway database per service, a namespaced exchange on the test broker, fresh secrets.
 */
export async function startE2eSystem(label: string, options: E2eSystemOptions = {}): Promise<E2eSystem> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const namespace = await createAmqpNamespace(`e2e_${label}`);
    cleanups.push(() => namespace.cleanup());
    claimConsumerQueues(namespace, options.timings === 'production' ? undefined : FAST_EVENT_RETRY_DELAYS_MS);
    const databases = await createDatabases(label, cleanups);
    const amqpProxy = options.amqpThroughProxy ? await proxyTo(testInfrastructure().amqpUrl) : undefined;
    if (amqpProxy) cleanups.push(() => amqpProxy.close());
    const secrets = generateSecrets();
    const exchange = namespace.name('events');
    const processes = await startSystemProcesses({
      ports: await allocatePorts(),
      databaseUrls: databases,
      amqpUrl: amqpProxy ? amqpProxy.rewriteUrl(namespace.url) : namespace.url,
      exchange,
      consumerPrefix: namespace.prefix,
      secrets,
      frontendBaseUrl: FRONTEND_BASE_URL,
      logLevel: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'warn',
      sandboxStatusSchedule: 'immediate',
      extra: options.timings === 'production' ? {} : FAST_TIMINGS,
      logSink: printedWhenAsked,
      ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
    });
    cleanups.push(() => processes.stop());
    const sandbox = new SandboxControlClient(processes.endpoints.sandbox);
    await sandbox.updateSettings(FAST_SANDBOX);
    const onboarding = createOnboardingApi(processes.endpoints.onboarding, secrets.internalApiKey);
    return { processes, secrets, sandbox, onboarding, namespace, exchange, amqpProxy, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function createDatabases(label: string, cleanups: (() => Promise<unknown>)[]): Promise<Record<ServiceName, string>> {
  const created = await Promise.all(SERVICE_NAMES.map(async (service): Promise<[ServiceName, TestDatabase]> => [service, await createTestDatabase(`e2e_${label}_${service}`)]));
  for (const [, database] of created) cleanups.push(() => database.drop());
  return Object.fromEntries(created.map(([service, database]) => [service, database.url])) as Record<ServiceName, string>;
}

/** Names every queue the services' consumers declare under the namespace, so its cleanup deletes them. */
function claimConsumerQueues(namespace: AmqpNamespace, onboardingRetryDelaysMs: readonly number[] | undefined): void {
  for (const service of SERVICE_NAMES) {
    const delays = service === 'onboarding' && onboardingRetryDelaysMs ? onboardingRetryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
    for (const queue of consumerQueueNames(namespace.name(service), delays)) namespace.name(queue.slice(namespace.prefix.length + 1));
  }
}

async function proxyTo(url: string): Promise<FaultProxy> {
  const target = new URL(url);
  return startFaultProxy({ host: target.hostname, port: Number(target.port || 5672) });
}
