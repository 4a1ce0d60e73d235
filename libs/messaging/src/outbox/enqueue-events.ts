import { type EventEnvelope, parseEvent } from '@chatpilot/contracts';
import type { EntityManager } from 'typeorm';

import { noteOutboxRows } from './publish-on-commit';

/** Postgres accepts at most 65,535 bind parameters per statement; three per row. */
const ROWS_PER_INSERT = 1_000;

/**
 * Writes events to the outbox inside the caller's transaction, so they are published if and
 * only if the state change commits. An id already in the outbox is skipped, which makes
 * re-running a producer with deterministic event ids harmless.
 */
export async function enqueueEvents(entityManager: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  if (!entityManager.queryRunner?.isTransactionActive) {
    throw new Error('enqueueEvents needs the EntityManager of a running transaction (dataSource.transaction(...))');
  }
  for (const event of events) {
    const checked = parseEvent(event);
    if (!checked.ok) throw checked.error;
  }
  for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
    await insertRows(entityManager, events.slice(start, start + ROWS_PER_INSERT));
  }
}

export function enqueueEvent(entityManager: EntityManager, event: EventEnvelope): Promise<void> {
  return enqueueEvents(entityManager, [event]);
}

async function insertRows(entityManager: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  const placeholders = events.map((_, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3}::jsonb)`);
  const rows = events.map((event) => ({ id: event.id, type: event.type, body: JSON.stringify(event) }));
  const parameters = rows.flatMap((row) => [row.id, row.type, row.body]);
  const inserted = (await entityManager.query(
    `INSERT INTO outbox (id, type, payload) VALUES ${placeholders.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id, next_attempt_at`,
    parameters,
  )) as { id: string; next_attempt_at: Date }[];
  // PostgreSQL returns uuids in lower case; an envelope may carry its id in upper case.
  const insertedAt = new Map(inserted.map((row) => [row.id, row.next_attempt_at]));
  noteOutboxRows(
    entityManager,
    rows.flatMap((row) => {
      const at = insertedAt.get(row.id.toLowerCase());
      return at === undefined ? [] : [{ ...row, insertedAt: at }];
    }),
  );
}
