import type { DataSource, EntityManager } from 'typeorm';

/**
 * Records that `consumer` processed the event, inside the handler's transaction. False when it
 * already had: a concurrent duplicate waits here for the first transaction and then sees its row.
 */
export async function recordInInbox(entityManager: EntityManager, consumer: string, event: { id: string; type: string }): Promise<boolean> {
  const inserted = (await entityManager.query(
    `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, event.id, event.type],
  )) as unknown[];
  return inserted.length === 1;
}

/** Forgets processed events older than the retention, in small chunks. */
export async function pruneInbox(dataSource: DataSource, consumer: string, retentionMs: number, chunkSize = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = (await dataSource.query(
      `DELETE FROM inbox WHERE consumer = $1 AND event_id IN (
         SELECT event_id FROM inbox WHERE consumer = $1 AND processed_at < now() - make_interval(secs => $2::float8 / 1000) LIMIT $3)`,
      [consumer, retentionMs, chunkSize],
    )) as [unknown, number];
    total += deleted;
    if (deleted < chunkSize) return total;
  }
}

/** The batch form of `recordInInbox`: returns the ids that were not there yet. */
export async function recordManyInInbox(
  entityManager: EntityManager,
  consumer: string,
  events: readonly { id: string; type: string }[],
): Promise<Set<string>> {
  const inserted = (await entityManager.query(
    `INSERT INTO inbox (consumer, event_id, event_type)
     SELECT $1, id, type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, events.map((event) => event.id), events.map((event) => event.type)],
  )) as { event_id: string }[];
  return new Set(inserted.map((row) => row.event_id));
}

/**
 * Holds, until the transaction ends, an advisory lock per concurrency key, taken in key order:
 * replicas of one consumer then run a key's transactions one at a time, as one process does.
 */
export async function lockConcurrencyKeys(entityManager: EntityManager, consumer: string, keys: Iterable<string>): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await entityManager.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [consumer, key]);
  }
}
