import amqp from 'amqplib';

/**
 * Learns that sessions finished from onboarding's own `onboarding.session.status_changed` events,
 * on a queue of its own: waiting costs the services nothing (no polling of the HTTP API under load).
 */
export interface CompletionWatcher {
  /** Resolves with the final status once the session reached completed or failed. */
  finished(sessionId: string, timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

const TERMINAL = new Set(['completed', 'failed']);

export async function watchCompletions(url: string, exchange: string, queue: string): Promise<CompletionWatcher> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, 'onboarding.session.status_changed');
  const outcomes = new Map<string, string>();
  const waiters = new Map<string, (status: string) => void>();
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      const { data } = JSON.parse(message.content.toString('utf8')) as { data: { session_id: string; to: string } };
      if (!TERMINAL.has(data.to)) return;
      outcomes.set(data.session_id, data.to);
      waiters.get(data.session_id)?.(data.to);
    },
    { noAck: true },
  );
  return {
    finished: (sessionId, timeoutMs) => {
      const known = outcomes.get(sessionId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`session ${sessionId} did not finish within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(sessionId, (status) => {
          clearTimeout(timer);
          waiters.delete(sessionId);
          resolve(status);
        });
      });
    },
    close: async () => {
      await channel.close();
      await connection.close();
    },
  };
}
