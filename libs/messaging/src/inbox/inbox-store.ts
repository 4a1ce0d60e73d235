import type { DataSource, EntityManager } from 'typeorm';

/**
 * Records that `consumer` processed the event, inside the handler's transaction. False when it
 * already had: a concurrent duplicate waits here for the first transaction and then sees its row.
 * With `lockKeys`, also takes their advisory locks if the event is new (recordManyInInbox).
 */
export async function recordInInbox(entityManager: EntityManager, consumer: string, event: { id: string; type: string }, lockKeys: readonly string[] = []): Promise<boolean> {
  return (await recordManyInInbox(entityManager, consumer, [event], lockKeys)).size === 1;
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

/**
 * The batch form of `recordInInbox`: returns the ids that were not there yet. With `lockKeys`, the
 * same statement then holds, until the transaction ends, an advisory lock per key, taken in key
 * order, if any id was new: replicas of one consumer then run a key's transactions one at a time,
 * as one process does, at no extra round trip.
 */
export async function recordManyInInbox(
  entityManager: EntityManager,
  consumer: string,
  events: readonly { id: string; type: string }[],
  lockKeys: readonly string[] = [],
): Promise<Set<string>> {
  const parameters = [consumer, events.map((event) => event.id), events.map((event) => event.type)];
  const insert = `INSERT INTO inbox (consumer, event_id, event_type)
     SELECT $1, id, type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
     ON CONFLICT DO NOTHING RETURNING event_id`;
  const keys = [...new Set(lockKeys)].sort();
  // Handlers run in statements after this one, whose snapshots see what the key's last holder committed.
  const inserted = (await (keys.length === 0
    ? entityManager.query(insert, parameters)
    : entityManager.query(
        `WITH fresh AS (${insert}),
              locked AS (SELECT count(pg_advisory_xact_lock(hashtext($1), hashtext(k.key))) AS keys
                           FROM unnest($4::text[]) AS k(key)
                          WHERE EXISTS (SELECT FROM fresh))
         SELECT fresh.event_id FROM fresh CROSS JOIN locked`,
        [...parameters, keys],
      ))) as { event_id: string }[];
  return new Set(inserted.map((row) => row.event_id));
}
