import type { DeadLetter, DeadLetterReason } from './message-transport';

/** Headers this library reads and writes; both transports keep them the same way. */
export const MESSAGE_HEADERS = {
  failedAttempts: 'x-chatpilot-failed-attempts',
  lastError: 'x-chatpilot-last-error',
  deadLetterReason: 'x-chatpilot-dead-letter-reason',
  deadLetteredAt: 'x-chatpilot-dead-lettered-at',
  replayedAt: 'x-chatpilot-replayed-at',
} as const;

/** Header values end up in logs and operator tools; an error message is enough, a stack is not. */
const MAX_HEADER_TEXT_LENGTH = 1_000;

export type MessageHeaders = Record<string, unknown>;

export function readFailedAttempts(headers: MessageHeaders | undefined): number {
  const value = Number(headers?.[MESSAGE_HEADERS.failedAttempts] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

export function retryHeaders(headers: MessageHeaders | undefined, failedAttempts: number, error: string): MessageHeaders {
  return { ...headers, [MESSAGE_HEADERS.failedAttempts]: failedAttempts, [MESSAGE_HEADERS.lastError]: truncate(error) };
}

export function deadLetterHeaders(
  headers: MessageHeaders | undefined,
  decision: { reason: DeadLetterReason; failedAttempts: number; error: string },
  now: Date = new Date(),
): MessageHeaders {
  return {
    ...headers,
    [MESSAGE_HEADERS.failedAttempts]: decision.failedAttempts,
    [MESSAGE_HEADERS.lastError]: truncate(decision.error),
    [MESSAGE_HEADERS.deadLetterReason]: decision.reason,
    [MESSAGE_HEADERS.deadLetteredAt]: now.toISOString(),
  };
}

/** A replayed dead letter starts over with a full set of attempts. */
export function replayHeaders(headers: MessageHeaders | undefined, now: Date = new Date()): MessageHeaders {
  const kept = { ...headers };
  delete kept[MESSAGE_HEADERS.deadLetterReason];
  delete kept[MESSAGE_HEADERS.deadLetteredAt];
  return { ...kept, [MESSAGE_HEADERS.failedAttempts]: 0, [MESSAGE_HEADERS.replayedAt]: now.toISOString() };
}

export function describeDeadLetter(message: {
  messageId: string | undefined;
  type: string | undefined;
  headers: MessageHeaders | undefined;
  body: Buffer;
}): DeadLetter {
  const headers = message.headers ?? {};
  return {
    messageId: message.messageId,
    type: message.type,
    reason: stringHeader(headers[MESSAGE_HEADERS.deadLetterReason]) ?? brokerDeathReason(headers) ?? 'UNKNOWN',
    error: stringHeader(headers[MESSAGE_HEADERS.lastError]),
    failedAttempts: readFailedAttempts(headers),
    deadLetteredAt: stringHeader(headers[MESSAGE_HEADERS.deadLetteredAt]),
    body: message.body.toString('utf8'),
  };
}

/**
 * RabbitMQ dead-letters by itself when a quorum queue's delivery limit is hit (a crash loop);
 * its most recent `x-death` entry comes first.
 */
function brokerDeathReason(headers: MessageHeaders): string | undefined {
  const deaths = headers['x-death'];
  const latest: unknown = Array.isArray(deaths) ? deaths[0] : undefined;
  const reason = typeof latest === 'object' && latest !== null ? stringHeader((latest as { reason?: unknown }).reason) : undefined;
  return reason ? `BROKER_${reason.toUpperCase()}` : undefined;
}

function stringHeader(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

function truncate(text: string): string {
  return text.length <= MAX_HEADER_TEXT_LENGTH ? text : `${text.slice(0, MAX_HEADER_TEXT_LENGTH - 1)}…`;
}
