import { eventLabelOf } from '../domain/publication';
import type { BufferTransactions, IngestMetrics } from './ports';

const CHUNK_SIZE = 1_000;

/** Buffered webhooks older than the TTL become `expired` and are counted; returns how many. */
export async function expireBufferedWebhooks(
  transactions: BufferTransactions,
  metrics: IngestMetrics,
  ttlMs: number,
  now: Date = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - ttlMs);
  let total = 0;
  for (;;) {
    const expired = await transactions.run((store) => store.expireReceivedBefore(cutoff, CHUNK_SIZE));
    for (const { event, source } of expired) metrics.expired(eventLabelOf(source, event));
    total += expired.length;
    if (expired.length < CHUNK_SIZE) return total;
  }
}
