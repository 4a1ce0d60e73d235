import type { Logger } from '@chatpilot/logger';
import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

import { OUTBOX_NOTIFY_CHANNEL } from '../schema/create-messaging-tables.migration';
import { sleep } from '@chatpilot/resilience';
import { backoffDelayMs } from '../support/backoff';
import { describeError } from '../support/describe-error';

export interface OutboxNotifications {
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Calls `onWrite` whenever a transaction that wrote to the outbox commits, on a dedicated
 * connection that LISTENs and reconnects with backoff. Also calls it after every (re)connection,
 * for whatever was written while nobody listened. Without a Postgres driver it does nothing and
 * the relay's polling carries on alone.
 */
export function listenForOutboxWrites(dataSource: DataSource, onWrite: () => void, logger: Logger): OutboxNotifications {
  const config = listenerConfig(dataSource);
  if (!config) {
    logger.info('outbox notifications unavailable for this driver; polling only');
    return { close: async () => undefined };
  }
  const closing = new AbortController();
  let client: Client | undefined;

  const connect = async (): Promise<void> => {
    for (let failures = 0; !closing.signal.aborted; failures += 1) {
      if (failures > 0) await sleep(backoffDelayMs(failures, { baseDelayMs: 250, maxDelayMs: 10_000 }), closing.signal);
      if (closing.signal.aborted) return;
      const candidate = new Client(config);
      candidate.on('error', (error) => logger.warn({ err: describeError(error) }, 'outbox listener connection error'));
      try {
        await candidate.connect();
        await candidate.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      } catch (error) {
        logger.warn({ err: describeError(error), failures: failures + 1 }, 'could not LISTEN for outbox writes; retrying');
        await candidate.end().catch(() => undefined);
        continue;
      }
      candidate.on('notification', onWrite);
      candidate.once('end', () => {
        if (!closing.signal.aborted) void connect();
      });
      client = candidate;
      onWrite();
      return;
    }
  };

  const connecting = connect();
  return {
    close: async () => {
      closing.abort();
      await connecting;
      await client?.end().catch(() => undefined);
    },
  };
}

function listenerConfig(dataSource: DataSource): ClientConfig | undefined {
  if (dataSource.options.type !== 'postgres') return undefined;
  const options = dataSource.options as PostgresDataSourceOptions;
  // A DataSource over an injected driver (PGlite in the single-process mode) has no server to LISTEN on.
  if (options.url === undefined && options.host === undefined) return undefined;
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    // TypeORM's TLS options are the ones it hands to pg itself.
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: options.applicationName ? `${options.applicationName}-outbox-listener` : 'outbox-listener',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  };
}
