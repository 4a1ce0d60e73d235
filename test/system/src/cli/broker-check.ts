import { connect } from 'amqplib';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Fails fast when RabbitMQ does not take a connection at `amqpUrl`. The services would keep
 * retrying their broker, which the launcher cannot tell apart from a slow start: it would wait its
 * whole readiness limit and then report a timeout. The error names the variable, never the URL
 * (it may hold a password).
 */
export async function assertBrokerAnswers(amqpUrl: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const attempt = connect(amqpUrl, { timeout: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  // The socket timeout covers the TCP connect; this covers a server that accepts and never speaks AMQP.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no AMQP handshake within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const connection = await Promise.race([attempt, deadline]);
    await connection.close().catch(() => undefined);
  } catch (error) {
    attempt.then((late) => late.close(), () => undefined).catch(() => undefined);
    throw new Error(`RabbitMQ did not take a connection at AMQP_URL: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

// Not `instanceof Error`: socket errors may come from another realm (a test runner's sandbox).
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.length > 0 ? message : 'no answer';
}
