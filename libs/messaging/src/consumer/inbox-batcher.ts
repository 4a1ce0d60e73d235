import type { AnyEvent } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { DataSource, EntityManager } from 'typeorm';

import { recordManyInInbox } from '../inbox/inbox-store';
import { type EventHandler, handlerContext } from './event-handlers';

export type InboxOutcome = 'processed' | 'duplicate';

export interface InboxWork {
  event: AnyEvent;
  handler: EventHandler<AnyEvent>;
  failedAttempts: number;
}

export interface InboxBatcherOptions {
  consumer: string;
  dataSource: DataSource;
  logger: Logger;
  /** Deliveries sharing one transaction at most; 1 turns batching off. */
  maxBatchSize: number;
  /** Batch transactions running at once. */
  maxConcurrentBatches: number;
  /** Processes one delivery in its own transaction; the fallback and the unbatched path. */
  processAlone(work: InboxWork): Promise<InboxOutcome>;
}

interface Queued {
  work: InboxWork;
  resolve(outcome: InboxOutcome): void;
  reject(error: unknown): void;
}

/**
 * Groups deliveries that arrive together into one transaction: one multi-row inbox insert, every
 * handler in turn, one commit. The first failure rolls the whole batch back and each delivery is
 * then processed alone, so a failing event never takes another's effect (or attempt) with it.
 * Commits, not handlers, dominate the cost of small events; this amortises them.
 */
export function createInboxBatcher(options: InboxBatcherOptions): (work: InboxWork) => Promise<InboxOutcome> {
  const queue: Queued[] = [];
  let running = 0;
  let scheduled = false;

  const runAlone = (item: Queued): Promise<void> => options.processAlone(item.work).then(item.resolve, item.reject);

  const runBatch = async (batch: Queued[]): Promise<void> => {
    let outcomes: Map<Queued, InboxOutcome>;
    try {
      outcomes = await options.dataSource.transaction((entityManager) => processTogether(entityManager, options, batch));
    } catch {
      await Promise.all(batch.map(runAlone));
      return;
    }
    for (const item of batch) item.resolve(outcomes.get(item) ?? 'duplicate');
  };

  const flush = (): void => {
    scheduled = false;
    while (running < options.maxConcurrentBatches && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      running += 1;
      void (batch.length === 1 ? runAlone(batch[0]!) : runBatch(batch)).finally(() => {
        running -= 1;
        schedule();
      });
    }
  };

  // Deliveries arriving in the same turn of the event loop (one socket read) share a batch.
  const schedule = (): void => {
    if (scheduled || queue.length === 0 || running >= options.maxConcurrentBatches) return;
    scheduled = true;
    setImmediate(flush);
  };

  return (work) =>
    new Promise<InboxOutcome>((resolve, reject) => {
      queue.push({ work, resolve, reject });
      schedule();
    });
}

async function processTogether(
  entityManager: EntityManager,
  options: InboxBatcherOptions,
  batch: readonly Queued[],
): Promise<Map<Queued, InboxOutcome>> {
  // Sorted so that concurrent batches lock inbox rows in the same order and cannot deadlock.
  const ordered = [...batch].sort((a, b) => a.work.event.id.localeCompare(b.work.event.id));
  const fresh = await recordManyInInbox(entityManager, options.consumer, ordered.map((item) => item.work.event));
  const outcomes = new Map<Queued, InboxOutcome>();
  for (const item of ordered) {
    const { event, handler, failedAttempts } = item.work;
    // A second copy of the same event in this batch finds its id already taken by the first.
    if (!fresh.delete(event.id)) {
      outcomes.set(item, 'duplicate');
      continue;
    }
    await handler(event, handlerContext(entityManager, options.logger, event, failedAttempts));
    outcomes.set(item, 'processed');
  }
  return outcomes;
}
