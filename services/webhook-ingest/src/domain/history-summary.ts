import { objectOf } from './webhook-references';

/** What travels on the bus about a coexistence `history` chunk; the messages stay here. */
export interface HistorySummary {
  phase: number;
  chunk_order: number;
  progress: number;
  message_count: number;
  /** Meta's error code when the business declined sharing history or the sync failed. */
  error_code?: number;
}

/**
 * Reads Meta's `history` value (`history: [{metadata: {phase, chunk_order, progress}, threads:
 * [{messages: […]}]}]`). A declined or failed sync carries `errors` instead of metadata: it is
 * summarised as a finished sync without messages (progress 100, chunk 0) with Meta's error code.
 */
export function summarizeHistory(data: Record<string, unknown>): HistorySummary {
  const entries = Array.isArray(data.history) ? data.history.map(objectOf) : [];
  const metadata = entries.map((entry) => objectOf(entry?.metadata)).find((found) => found !== undefined);
  const messageCount = entries.reduce((count, entry) => count + messagesIn(entry?.threads), 0);
  if (metadata === undefined) {
    const errorCode = entries.map((entry) => errorCodeOf(entry?.errors)).find((code) => code !== undefined);
    return { phase: 0, chunk_order: 0, progress: 100, message_count: messageCount, ...(errorCode === undefined ? {} : { error_code: errorCode }) };
  }
  return {
    phase: wholeNumber(metadata.phase),
    chunk_order: wholeNumber(metadata.chunk_order),
    progress: Math.min(100, Math.max(0, finiteNumber(metadata.progress))),
    message_count: messageCount,
  };
}

function messagesIn(threads: unknown): number {
  if (!Array.isArray(threads)) return 0;
  return threads.reduce((count: number, thread: unknown) => {
    const messages = objectOf(thread)?.messages;
    return count + (Array.isArray(messages) ? messages.length : 0);
  }, 0);
}

function errorCodeOf(errors: unknown): number | undefined {
  const code = Array.isArray(errors) ? objectOf(errors[0])?.code : undefined;
  return Number.isSafeInteger(code) ? (code as number) : undefined;
}

function finiteNumber(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : 0;
}

function wholeNumber(value: unknown): number {
  return Math.max(0, Math.trunc(finiteNumber(value)));
}
