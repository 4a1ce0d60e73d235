import amqp from 'amqplib';
import { Client } from 'pg';

import type { ProbeResult } from './choose-infrastructure';
import { assertDockerReachable } from './containers';

/** Bound for each probe: long enough for a busy machine, short enough to fail the run within seconds. */
const PROBE_TIMEOUT_MS = 3_000;

export async function probePostgres(url: string): Promise<ProbeResult> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  return settle(async () => {
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  });
}

export async function probeAmqp(url: string): Promise<ProbeResult> {
  return settle(async () => {
    const connection = await amqp.connect(url, { timeout: PROBE_TIMEOUT_MS });
    connection.on('error', () => undefined);
    await connection.close();
  });
}

export async function probeDocker(): Promise<ProbeResult> {
  return settle(assertDockerReachable);
}

async function settle(probe: () => Promise<unknown>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { reachable: true };
  } catch (error) {
    return { reachable: false, failure: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message || String(code);
  }
  return String(error);
}
