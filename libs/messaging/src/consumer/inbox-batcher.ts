import type { AnyEvent } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { DataSource, EntityManager } from 'typeorm';

import { recordManyInInbox } from '../inbox/inbox-store';
import { CommitEffects, type EventHandler, handlerContext } from './event-handlers';

export type InboxOutcome = 'processed' | 'duplicate';
export type BatchGrouping = 'any' | 'key';

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
  /**
   * `key`: a transaction only holds deliveries of one concurrency key (deliveries without a key
   * go alone), so a key whose handlers make slow remote calls holds up only its own deliveries.
   * `any` (the default): deliveries of different keys share transactions too.
   */
  batchBy?: BatchGrouping;
  /** Batch transactions running at once. */
  maxConcurrentBatches: number;
  /** Deliveries with the same key are never in two transactions at once; undefined: no constraint. */
  concurrencyKeyOf(event: AnyEvent): string | undefined;
  /** Also across replicas: each transaction takes its keys' advisory locks before the handlers run. */
  lockKeysAcrossReplicas?: boolean;
  /** Processes one delivery in its own transaction; the fallback and the unbatched path. */
  processAlone(work: InboxWork): Promise<InboxOutcome>;
}

interface Queued {
  work: InboxWork;
  key: string | undefined;
  resolve(outcome: InboxOutcome): void;
  reject(error: unknown): void;
}

/**
 * Groups deliveries that arrive together into one transaction: one multi-row inbox insert, every
 * handler in turn, one commit. The first failure rolls the whole batch back and each delivery is
 * then processed alone, so a failing event never takes another's effect (or attempt) with it.
 * Commits, not handlers, dominate the cost of small events; this amortises them.
 *
 * Deliveries that share a concurrency key (by default the tenant) go into the same transaction or
 * wait for it to finish, in arrival order. Two transactions locking the same rows in different
 * orders deadlock, and PostgreSQL only notices after `deadlock_timeout` (1 s): under load, a
 * channel's status webhooks arriving together did exactly that.
 */
export function createInboxBatcher(options: InboxBatcherOptions): (work: InboxWork) => Promise<InboxOutcome> {
  const queue: Queued[] = [];
  const keysInFlight = new Set<string>();
  let running = 0;
  let scheduled = false;

  const runAlone = (item: Queued): Promise<void> => options.processAlone(item.work).then(item.resolve, item.reject);

  const runBatch = async (batch: Queued[]): Promise<void> => {
    let outcomes: Map<Queued, InboxOutcome>;
    const effects = new CommitEffects();
    try {
      outcomes = await options.dataSource.transaction((entityManager) => processTogether(entityManager, options, batch, effects));
    } catch {
      for (const item of batch) await runAlone(item);
      return;
    }
    effects.run(options.logger);
    for (const item of batch) item.resolve(outcomes.get(item) ?? 'duplicate');
  };

  const flush = (): void => {
    scheduled = false;
    while (running < options.maxConcurrentBatches) {
      const batch = takeBatch(queue, keysInFlight, options.maxBatchSize, options.batchBy ?? 'any');
      if (batch.length === 0) return;
      const keys = new Set(batch.flatMap((item) => (item.key === undefined ? [] : [item.key])));
      for (const key of keys) keysInFlight.add(key);
      running += 1;
      void (batch.length === 1 ? runAlone(batch[0]!) : runBatch(batch)).finally(() => {
        for (const key of keys) keysInFlight.delete(key);
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
      queue.push({ work, key: options.concurrencyKeyOf(work.event), resolve, reject });
      schedule();
    });
}

/**
 * Removes and returns up to `maxSize` queued deliveries, in arrival order, whose key no running
 * transaction holds; grouped by `key`, only those sharing the first one's key (a keyless one alone).
 */
export function takeBatch<T extends { key: string | undefined }>(queue: T[], keysInFlight: ReadonlySet<string>, maxSize: number, batchBy: BatchGrouping = 'any'): T[] {
  const batch: T[] = [];
  for (let index = 0; index < queue.length && batch.length < maxSize; ) {
    const item = queue[index]!;
    if ((item.key !== undefined && keysInFlight.has(item.key)) || !joins(batch, item, batchBy)) {
      index += 1;
      continue;
    }
    batch.push(item);
    queue.splice(index, 1);
  }
  return batch;
}

function joins(batch: readonly { key: string | undefined }[], item: { key: string | undefined }, batchBy: BatchGrouping): boolean {
  const first = batch[0];
  if (batchBy === 'any' || first === undefined) return true;
  return first.key !== undefined && item.key === first.key;
}

async function processTogether(
  entityManager: EntityManager,
  options: InboxBatcherOptions,
  batch: readonly Queued[],
  effects: CommitEffects,
): Promise<Map<Queued, InboxOutcome>> {
  // Ids sorted, so that two batches holding copies of the same events lock inbox rows in one order.
  const events = batch.map((item) => item.work.event).sort((a, b) => a.id.localeCompare(b.id));
  const keys = options.lockKeysAcrossReplicas ? batch.flatMap((item) => (item.key === undefined ? [] : [item.key])) : [];
  const fresh = await recordManyInInbox(entityManager, options.consumer, events, keys);
  const outcomes = new Map<Queued, InboxOutcome>();
  for (const item of batch) {
    const { event, handler, failedAttempts } = item.work;
    // A second copy of the same event in this batch finds its id already taken by the first.
    // PostgreSQL returns uuids in lower case; an envelope may carry its id in upper case.
    if (!fresh.delete(event.id.toLowerCase())) {
      outcomes.set(item, 'duplicate');
      continue;
    }
    await handler(event, handlerContext(entityManager, options.logger, event, failedAttempts, effects));
    outcomes.set(item, 'processed');
  }
  return outcomes;
}
