/**
 * `npm run bench:ingest`: autocannon (64 connections, 20 s per target, unique signed webhooks)
 * against (1) the same express stack answering 200 without persisting and (2) webhook-ingest
 * storing every webhook (group commit, outbox row, relay publishing to RabbitMQ meanwhile).
 * The targets alternate in rounds, so load from other processes on a shared box hits both alike.
 * Reports req/s, p50/p99 and checks that every acknowledged webhook is in PostgreSQL.
 * Needs PostgreSQL and RabbitMQ (BENCH_DATABASE_URL, BENCH_AMQP_URL; local defaults).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { createEvent } from '@chatpilot/contracts';
import { createHttpApp, startHttpServer, type RunningHttpServer } from '@chatpilot/http';
import { createLogger, type Logger } from '@chatpilot/logger';
import { consumerQueueNames, DEFAULT_RETRY_DELAYS_MS } from '@chatpilot/messaging';
import amqp from 'amqplib';
import { Client } from 'pg';
import { Registry } from 'prom-client';

import { loadConfig } from '../src/config';
import { buildService, type WebhookIngestService } from '../src/service';
import type { LoadResult, LoadRun } from './load-runner';

const CONNECTIONS = 64;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 20);
const ROUNDS = 2;
const WARMUP_SECONDS = 2;
const SECRET = 'bench-platform-secret';
const CHANNEL = { channelId: 'benchCH', clientId: 'benchCL', tenantId: 'tenant-bench' };
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const GOALS = { minShareOfBaseline: 0.5, maxP99Ms: 50 };

interface BenchNames {
  database: string;
  exchange: string;
  consumer: string;
  observer: string;
}

async function main(): Promise<void> {
  const runId = `bench_ingest_${Date.now()}`;
  const names: BenchNames = { database: runId, exchange: `${runId}.events`, consumer: `${runId}.webhook-ingest`, observer: `${runId}.observer` };
  const databaseUrl = urlWithDatabase(SERVER_URL, names.database);
  const logger = createLogger({ service: 'webhook-ingest-bench', level: 'warn' });
  const service = buildService(serviceConfig(databaseUrl, names), logger, { consumerName: names.consumer });
  const baseline = await startBaseline(logger);
  const database = new Client({ connectionString: databaseUrl });
  try {
    await prepareBroker(names);
    await service.start();
    await database.connect();
    await linkBenchChannel(names, database);
    const baselineUrl = `http://127.0.0.1:${baseline.port}`;
    const ingestUrl = `http://127.0.0.1:${service.httpPort()}`;

    console.log(`warming up, then ${ROUNDS} alternating rounds per target, ${DURATION_SECONDS} s in all per target, ${CONNECTIONS} connections ...`);
    await load(baselineUrl, WARMUP_SECONDS);
    await load(ingestUrl, WARMUP_SECONDS);
    const rowsBefore = await settledRowCount(database);
    const baselineRounds: LoadResult[] = [];
    const ingestRounds: LoadResult[] = [];
    // The service shares this process's event loop: its delay shows whether the process was CPU-bound.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const cpu = { baseline: 0, ingest: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      baselineRounds.push(await measured(cpu, 'baseline', () => load(baselineUrl, DURATION_SECONDS / ROUNDS)));
      loopDelay.enable();
      ingestRounds.push(await measured(cpu, 'ingest', () => load(ingestUrl, DURATION_SECONDS / ROUNDS)));
      loopDelay.disable();
    }
    const ingestResult = combine(ingestRounds);
    const rows = (await settledRowCount(database)) - rowsBefore;
    const missing = await countMissing(database, ingestResult.acknowledgedIds);
    const outbox = await outboxDrainSeconds(database);
    const batch = await averageBatchSize(service);
    const eventLoopDelayMs = { mean: loopDelay.mean / 1e6, p99: loopDelay.percentile(99) / 1e6 };
    const baselineResult = combine(baselineRounds);
    const cpuMsPerRequest = { baseline: cpu.baseline / baselineResult.requests, ingest: cpu.ingest / ingestResult.requests };
    const passed = report(baselineResult, ingestResult, { rows, missing, outbox, batch, eventLoopDelayMs, cpuMsPerRequest });
    process.exitCode = passed ? 0 : 1;
  } finally {
    await database.end().catch(() => undefined);
    await service.stop();
    await baseline.close();
    await cleanUp(names);
  }
}

function serviceConfig(databaseUrl: string, names: BenchNames): ReturnType<typeof loadConfig> {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    AMQP_URL,
    AMQP_EXCHANGE: names.exchange,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INTERNAL_API_KEYS: 'bench-internal-key',
    DIALOG360_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    // WEBHOOK_* from the environment tune the service under test (batch size, concurrency, …).
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('WEBHOOK_'))),
  });
}

/** The baseline: createHttpApp with the same options, a route that answers 200 without storing. */
async function startBaseline(logger: Logger): Promise<RunningHttpServer> {
  const app = createHttpApp({
    service: 'bench-baseline',
    logger,
    metricsRegistry: new Registry(),
    bodyLimit: '10mb',
    rawBodyFor: ['/webhooks/', '/webhook/'],
    routes: (router) => router.post('/webhooks/360dialog', (_req, res) => void res.status(200).json({ duplicate: false })),
  });
  return startHttpServer(app, { port: 0, host: '127.0.0.1', logger });
}

/** Runs `work` and adds the CPU time this process (the servers under test) spent meanwhile, in ms. */
async function measured<T>(cpu: Record<'baseline' | 'ingest', number>, target: 'baseline' | 'ingest', work: () => Promise<T>): Promise<T> {
  const before = process.cpuUsage();
  const result = await work();
  const spent = process.cpuUsage(before);
  cpu[target] += (spent.user + spent.system) / 1000;
  return result;
}

function load(url: string, durationSeconds: number): Promise<LoadResult> {
  const runner = fork(path.join(__dirname, 'load-runner.js'));
  const run: LoadRun = { url, path: '/webhooks/360dialog', secret: SECRET, connections: CONNECTIONS, durationSeconds, ...CHANNEL };
  return new Promise((resolve, reject) => {
    runner.once('message', (result) => resolve(result as LoadResult));
    runner.once('exit', (code) => code === 0 || reject(new Error(`load runner exited with ${code}`)));
    runner.send(run);
  });
}

/** An exchange with one bounded queue bound to d360.#, so the relay's publishes are routable. */
async function prepareBroker(names: BenchNames): Promise<void> {
  await withChannel(async (channel) => {
    await channel.assertExchange(names.exchange, 'topic', { durable: true });
    await channel.assertQueue(names.observer, { durable: false, arguments: { 'x-max-length': 1_000 } });
    await channel.bindQueue(names.observer, names.exchange, 'd360.#');
  });
}

async function linkBenchChannel(names: BenchNames, database: Client): Promise<void> {
  const event = createEvent(
    'registry.channel.linked',
    { tenant_id: CHANNEL.tenantId, channel_id: CHANNEL.channelId, client_id: CHANNEL.clientId },
    { source: 'bench', tenantId: CHANNEL.tenantId },
  );
  await withChannel(async (channel) => {
    channel.publish(names.exchange, event.type, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id, contentType: 'application/json' });
  });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await database.query('SELECT 1 FROM webhook_linked_channels WHERE channel_id = $1', [CHANNEL.channelId])).rowCount === 1) return;
    await sleep(50);
  }
  throw new Error('the bench channel was not linked within 10 s');
}

async function countRows(database: Client): Promise<number> {
  return Number((await database.query('SELECT count(*)::int AS n FROM onboarding_webhook_events')).rows[0].n);
}

/** Requests still in flight when the load stopped may commit a moment later; wait until the count holds. */
async function settledRowCount(database: Client): Promise<number> {
  let previous = -1;
  for (;;) {
    const current = await countRows(database);
    if (current === previous) return current;
    previous = current;
    await sleep(300);
  }
}

async function countMissing(database: Client, acknowledgedIds: readonly string[]): Promise<number> {
  const result = await database.query(
    `SELECT count(*)::int AS missing FROM unnest($1::text[]) AS k(key)
      WHERE NOT EXISTS (SELECT 1 FROM onboarding_webhook_events e WHERE e.dedupe_key = k.key)`,
    [acknowledgedIds],
  );
  return Number(result.rows[0].missing);
}

/** How long the relay needs after the load to publish what is left in the outbox (bounded at 20 s). */
async function outboxDrainSeconds(database: Client): Promise<{ seconds: number; pending: number }> {
  const started = Date.now();
  for (;;) {
    const pending = Number((await database.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0].n);
    const seconds = (Date.now() - started) / 1000;
    if (pending === 0 || seconds > 20) return { seconds, pending };
    await sleep(250);
  }
}

/** Rounds of one target as one run: req/s over the total time, request-weighted p50, worst p99 and max. */
function combine(rounds: readonly LoadResult[]): LoadResult {
  const sum = (pick: (round: LoadResult) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  const requests = sum((round) => round.requests);
  return {
    durationSeconds: sum((round) => round.durationSeconds),
    requests,
    requestsPerSecond: requests / sum((round) => round.durationSeconds),
    latencyP50Ms: Math.round(sum((round) => round.latencyP50Ms * round.requests) / Math.max(requests, 1)),
    latencyP99Ms: Math.max(...rounds.map((round) => round.latencyP99Ms)),
    latencyMaxMs: Math.max(...rounds.map((round) => round.latencyMaxMs)),
    total2xx: sum((round) => round.total2xx),
    non2xx: sum((round) => round.non2xx),
    errors: sum((round) => round.errors),
    timeouts: sum((round) => round.timeouts),
    acknowledgedIds: rounds.flatMap((round) => round.acknowledgedIds),
  };
}

async function averageBatchSize(service: WebhookIngestService): Promise<number> {
  const metric = (await service.metricsRegistry.getMetricsAsJSON()).find((candidate) => candidate.name === 'webhook_ingest_batch_size');
  const samples = (metric?.values ?? []) as { metricName?: string; value: number }[];
  const value = (suffix: string) => samples.find((sample) => sample.metricName === `webhook_ingest_batch_size_${suffix}`)?.value ?? 0;
  return value('sum') / Math.max(value('count'), 1);
}

interface Checks {
  rows: number;
  missing: number;
  outbox: { seconds: number; pending: number };
  batch: number;
  eventLoopDelayMs: { mean: number; p99: number };
  cpuMsPerRequest: { baseline: number; ingest: number };
}

function report(baseline: LoadResult, ingest: LoadResult, checks: Checks): boolean {
  const share = ingest.requestsPerSecond / baseline.requestsPerSecond;
  const line = (name: string, r: LoadResult) =>
    `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.latencyMaxMs} | ${r.total2xx} | ${r.non2xx} | ${r.errors + r.timeouts} |`;
  console.log('');
  console.log(`| target (${CONNECTIONS} connections, ${DURATION_SECONDS} s) | req/s | p50 ms | p99 ms (worst round) | max ms | 2xx | non-2xx | errors |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(line('baseline: createHttpApp, 200 without persisting', baseline));
  console.log(line('webhook-ingest: verify + store + outbox', ingest));
  console.log('');
  const goals = [
    [`req/s ≥ ${GOALS.minShareOfBaseline * 100}% of baseline`, `${(share * 100).toFixed(1)}%`, share >= GOALS.minShareOfBaseline],
    [`p99 ≤ ${GOALS.maxP99Ms} ms`, `${ingest.latencyP99Ms} ms`, ingest.latencyP99Ms <= GOALS.maxP99Ms],
    ['acknowledged but missing = 0', `${checks.missing} of ${ingest.acknowledgedIds.length} acknowledged`, checks.missing === 0],
  ] as const;
  for (const [goal, value, met] of goals) console.log(`${met ? 'PASS' : 'FAIL'}  ${goal}: ${value}`);
  console.log(`rows persisted during the run: ${checks.rows}; 2xx answers: ${ingest.total2xx} (rows beyond the 2xx count were in flight when the load stopped)`);
  console.log(`outbox after the run: ${checks.outbox.pending} unpublished after ${checks.outbox.seconds.toFixed(1)} s; average group-commit batch: ${checks.batch.toFixed(1)} webhooks`);
  const { mean, p99 } = checks.eventLoopDelayMs;
  const { baseline: baselineCpu, ingest: ingestCpu } = checks.cpuMsPerRequest;
  console.log(`CPU of this process (service, relay, baseline) per request: baseline ${baselineCpu.toFixed(3)} ms, webhook-ingest ${ingestCpu.toFixed(3)} ms`);
  console.log(`event-loop delay in the service process during its rounds: mean ${mean.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; load average ${loadAverage()}`);
  return goals.every(([, , met]) => met);
}

async function cleanUp(names: BenchNames): Promise<void> {
  await withChannel(async (channel) => {
    for (const queue of [names.observer, ...consumerQueueNames(names.consumer, DEFAULT_RETRY_DELAYS_MS)]) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.exchange);
  }).catch((error: unknown) => console.error('broker clean-up failed', error));
  const server = new Client({ connectionString: SERVER_URL });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS "${names.database}" WITH (FORCE)`).finally(() => server.end());
}

async function withChannel(work: (channel: amqp.ConfirmChannel) => Promise<void>): Promise<void> {
  const connection = await amqp.connect(AMQP_URL);
  try {
    const channel = await connection.createConfirmChannel();
    await work(channel);
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

function loadAverage(): string {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ') + ` on ${os.availableParallelism()} cores`;
}

function urlWithDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
