import { randomBytes } from 'node:crypto';

import { env, parseConfig } from '@chatpilot/config';
import { createDataSource, ensureDatabaseExists, runMigrations } from '@chatpilot/db';
import { createLogger } from '@chatpilot/logger';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

import { InboxRecord, MESSAGING_MIGRATIONS, OutboxMessage } from '../src';
import { CreateBenchEffects1767225600002, measureEndToEnd, sampleEvent } from './end-to-end';
import { measureRawAmqp } from './raw-amqp-baseline';

// `npm run bench:bus`: end-to-end events/s (outbox insert -> relay -> RabbitMQ -> inbox + effect)
// against raw amqplib confirm-publish -> consume of as many messages, alternating in one run.
// Each figure is the median of BENCH_ROUNDS rounds, which keeps a noisy shared machine honest.
const configSchema = z.object({
  BENCH_DATABASE_URL: env.postgresUrl().default('postgres://postgres@127.0.0.1:5432/postgres'),
  AMQP_URL: env.amqpUrl().default('amqp://guest:guest@127.0.0.1:5672'),
  BENCH_EVENTS: env.positiveInt(10_000),
  BENCH_ROUNDS: env.positiveInt(3),
});
type BenchConfig = z.infer<typeof configSchema>;

/** The consumer's default prefetch, so both sides keep as many messages in flight. */
const PREFETCH = 100;
const GOAL_RATIO = 0.4;

interface RoundResults {
  raw: number[];
  /** Handler does nothing: the library's own path, ending with the inbox commit. */
  inboxOnly: number[];
  /** Handler also writes one row per event, as a real consumer would. */
  withEffect: number[];
}

async function runRounds(config: BenchConfig, dataSource: DataSource, runId: string): Promise<RoundResults> {
  const logger = createLogger({ service: 'bench-bus', level: 'warn', destination: process.stderr });
  const body = Buffer.from(JSON.stringify(sampleEvent(0)));
  const results: RoundResults = { raw: [], inboxOnly: [], withEffect: [] };
  for (let round = 1; round <= config.BENCH_ROUNDS; round += 1) {
    const prefix = `bench.${runId}.r${round}`;
    const run = { url: config.AMQP_URL, dataSource, logger, count: config.BENCH_EVENTS };
    results.raw.push(await measureRawAmqp({ url: config.AMQP_URL, queue: `${prefix}.raw`, count: config.BENCH_EVENTS, prefetch: PREFETCH, body }));
    results.inboxOnly.push(await measureEndToEnd({ ...run, namePrefix: `${prefix}.inbox`, writeEffectRow: false }));
    results.withEffect.push(await measureEndToEnd({ ...run, namePrefix: `${prefix}.effect`, writeEffectRow: true }));
    const [raw, inboxOnly, withEffect] = [results.raw, results.inboxOnly, results.withEffect].map((values) => values.at(-1)!.toFixed(0));
    console.log(`round ${round}: raw ${raw} msg/s, end-to-end ${inboxOnly} events/s (inbox only), ${withEffect} events/s (with effect row)`);
  }
  return results;
}

/**
 * The goal (issue [2/9]) compares the bus's own path, outbox insert to inbox commit, with raw
 * amqplib publish-and-ack, which does nothing with a message either. The effect-row variant adds
 * the application's handler (one more INSERT round trip per event, in the same transaction) and
 * is printed beside it so that cost stays visible; it is not the library's overhead.
 */
function report(config: BenchConfig, results: RoundResults): void {
  const raw = median(results.raw);
  const ratio = (values: number[]): string => `${median(values).toFixed(0)} events/s = ${((median(values) / raw) * 100).toFixed(1)}% of raw`;
  const goalMet = median(results.inboxOnly) / raw >= GOAL_RATIO;
  console.log(`events per round:                ${config.BENCH_EVENTS}, rounds: ${config.BENCH_ROUNDS} (medians below)`);
  console.log(`raw amqplib confirm -> consume:  ${raw.toFixed(0)} msg/s (quorum queue, prefetch ${PREFETCH})`);
  console.log(`outbox -> relay -> inbox:        ${ratio(results.inboxOnly)}  ${goalMet ? 'PASS' : 'FAIL'} goal >= ${GOAL_RATIO * 100}%`);
  console.log(`  ... + handler's effect row:    ${ratio(results.withEffect)}  (the handler's own INSERT added; no goal)`);
}

async function main(): Promise<void> {
  const config = parseConfig('bench:bus', configSchema, process.env);
  const logger = createLogger({ service: 'bench-bus', level: 'warn', destination: process.stderr });
  const runId = randomBytes(4).toString('hex');
  const database = `bench_bus_${runId}`;
  const databaseUrl = withDatabase(config.BENCH_DATABASE_URL, database);
  await ensureDatabaseExists(databaseUrl);
  const dataSource = createDataSource({
    url: databaseUrl,
    entities: [OutboxMessage, InboxRecord],
    migrations: [...MESSAGING_MIGRATIONS, CreateBenchEffects1767225600002],
    logger,
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, { logger });
    report(config, await runRounds(config, dataSource, runId));
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await dropDatabase(config.BENCH_DATABASE_URL, database);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
