import { once } from 'node:events';
import type { Socket } from 'node:net';

import type { Logger } from '@chatpilot/logger';
import amqp, { type ChannelModel } from 'amqplib';

import { sleep } from '@chatpilot/resilience';
import { backoffDelayMs } from '../support/backoff';
import { describeError } from '../support/describe-error';
import { within } from '../support/within';
import { amqplibSocketOf, coalesceWritesPerTurn } from './coalesce-writes';

export interface AmqpConnectionOptions {
  url: string;
  logger: Logger;
  /** Shown in the RabbitMQ management UI. */
  connectionName?: string;
  /** Detects a silently dead TCP path after about twice this; defaults to 10 s. */
  heartbeatSeconds?: number;
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
}

/** Runs on every (re)connection; channels and consumers are rebuilt here. */
export type ConnectionListener = (connection: ChannelModel) => Promise<void>;

export interface AmqpConnection {
  /** Tries to connect once, then keeps trying in the background with backoff until `close()`. */
  start(): Promise<void>;
  current(): ChannelModel | undefined;
  /**
   * Calls `listener` after every reconnection, and right away when connected (resolving once that
   * first call finished). Resolves to an unsubscribe function.
   */
  onConnected(listener: ConnectionListener): Promise<() => void>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 5_000;

/** One AMQP connection that heals itself: it reconnects with backoff whenever it is lost. */
export function createAmqpConnection(options: AmqpConnectionOptions): AmqpConnection {
  const { logger } = options;
  const listeners = new Set<ConnectionListener>();
  const closing = new AbortController();
  let connection: ChannelModel | undefined;
  let reconnecting: Promise<void> | undefined;
  // Counts failed connects and set-ups in a row, so a connection that keeps breaking right after
  // it opens backs off as much as one that cannot open at all.
  let failuresInARow = 0;

  const runListener = async (listener: ConnectionListener, target: ChannelModel): Promise<boolean> => {
    try {
      await listener(target);
      return true;
    } catch (error) {
      logger.error({ err: error }, 'setting up on the RabbitMQ connection failed; reconnecting');
      target.close().catch(() => undefined);
      return false;
    }
  };

  const connectOnce = async (): Promise<void> => {
    const opened = await amqp.connect(urlWithHeartbeat(options.url, options.heartbeatSeconds ?? 10), {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: options.connectionName ?? 'chatpilot' },
    });
    opened.on('error', (error: unknown) => logger.warn({ err: describeError(error) }, 'RabbitMQ connection error'));
    if (!coalesceWritesPerTurn(amqplibSocketOf(opened))) logger.debug('amqplib socket not found; its frames are written one by one');
    if (closing.signal.aborted) return void opened.close().catch(() => undefined);
    opened.once('close', () => {
      if (connection === opened) connection = undefined;
      if (closing.signal.aborted) return;
      logger.warn('RabbitMQ connection lost; reconnecting');
      reconnecting = reconnectLoop();
    });
    connection = opened;
    logger.info('connected to RabbitMQ');
    const setUps = await Promise.all([...listeners].map((listener) => runListener(listener, opened)));
    failuresInARow = setUps.every(Boolean) ? 0 : failuresInARow + 1;
  };

  const reconnectLoop = async (): Promise<void> => {
    while (!closing.signal.aborted) {
      await sleep(reconnectDelay(Math.max(failuresInARow, 1), options), closing.signal);
      if (closing.signal.aborted) return;
      try {
        return await connectOnce();
      } catch (error) {
        failuresInARow += 1;
        logger.warn({ err: describeError(error), failuresInARow }, 'could not connect to RabbitMQ; retrying');
      }
    }
  };

  return {
    // One attempt, then background retries: a broker outage must not stop the service from
    // starting; readiness reports it instead.
    start: async () => {
      if (connection || reconnecting) return;
      try {
        await connectOnce();
      } catch (error) {
        failuresInARow = 1;
        logger.warn({ err: describeError(error) }, 'could not connect to RabbitMQ; retrying in the background');
        reconnecting = reconnectLoop();
      }
    },
    current: () => connection,
    onConnected: async (listener) => {
      listeners.add(listener);
      if (connection) await runListener(listener, connection);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closing.abort();
      await reconnecting;
      const open = connection;
      connection = undefined;
      if (open) await closeWithin(open, CLOSE_TIMEOUT_MS);
    },
  };
}

/**
 * amqplib's close() waits for the broker's CloseOk, and it never settles when the socket dies
 * meanwhile (a link dropping as the service shuts down) or the broker has stopped reading (a
 * resource alarm): shutdown would hang until the process is killed. The connection is done when
 * the broker answers, when the socket closes, or after the timeout, whichever comes first.
 */
async function closeWithin(model: ChannelModel, timeoutMs: number): Promise<void> {
  const socket = amqplibSocketOf(model) as Socket | undefined;
  const socketClosed = socket && !socket.destroyed ? once(socket, 'close').catch(() => undefined) : Promise.resolve();
  await within(Promise.race([model.close().catch(() => undefined), socketClosed]), timeoutMs);
  socket?.destroy();
}

function reconnectDelay(failures: number, options: AmqpConnectionOptions): number {
  return backoffDelayMs(failures, {
    baseDelayMs: options.reconnectBaseDelayMs ?? 250,
    maxDelayMs: options.reconnectMaxDelayMs ?? 10_000,
  });
}

function urlWithHeartbeat(url: string, heartbeatSeconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(heartbeatSeconds));
  return parsed.toString();
}
