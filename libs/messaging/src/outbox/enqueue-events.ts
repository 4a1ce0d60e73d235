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
  const rows = outboxRowsOf(entityManager, events);
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await insertRows(entityManager, rows.slice(start, start + ROWS_PER_INSERT));
  }
}

export function enqueueEvent(entityManager: EntityManager, event: EventEnvelope): Promise<void> {
  return enqueueEvents(entityManager, [event]);
}

/** Where changeWithEvents reports the outbox rows it wrote; no statement of a caller names a column so. */
const WRITTEN_COLUMN = '__outbox_written';

/**
 * Runs `statement`, a state change that returns the rows it changed (`UPDATE … RETURNING …`), and
 * writes `events` to the outbox in the same statement if it changed any: a state change and its
 * events in one round trip instead of two. Returns the statement's rows. Otherwise as enqueueEvents.
 */
export async function changeWithEvents<Row extends Record<string, unknown>>(
  entityManager: EntityManager,
  statement: { sql: string; parameters: readonly unknown[] },
  events: readonly EventEnvelope[],
): Promise<Row[]> {
  const rows = outboxRowsOf(entityManager, events);
  // As a CTE, an UPDATE answers its rows alone (TypeORM answers [rows, count] for a bare one).
  if (rows.length === 0) return (await entityManager.query(`WITH changed AS (${statement.sql}) SELECT * FROM changed`, [...statement.parameters])) as Row[];
  const first = statement.parameters.length + 1;
  const result = (await entityManager.query(
    `WITH changed AS (${statement.sql}),
          written AS (INSERT INTO outbox (id, type, payload)
                      SELECT e.id, e.type, e.payload::jsonb
                        FROM unnest($${first}::uuid[], $${first + 1}::text[], $${first + 2}::text[]) WITH ORDINALITY AS e(id, type, payload, ord)
                       WHERE EXISTS (SELECT FROM changed)
                       ORDER BY e.ord
                      ON CONFLICT (id) DO NOTHING
                      RETURNING id, next_attempt_at)
     SELECT changed.*, (SELECT json_agg(json_build_array(written.id, written.next_attempt_at)) FROM written) AS ${WRITTEN_COLUMN}
       FROM changed`,
    [...statement.parameters, rows.map((row) => row.id), rows.map((row) => row.type), rows.map((row) => row.body)],
  )) as (Row & { [WRITTEN_COLUMN]: [string, string][] | null })[];
  const written = (result[0]?.[WRITTEN_COLUMN] ?? []).map(([id, insertedAt]) => ({ id, next_attempt_at: new Date(insertedAt) }));
  noteInserted(entityManager, rows, written);
  return result.map(({ [WRITTEN_COLUMN]: _written, ...row }) => row as unknown as Row);
}

interface OutboxRow {
  id: string;
  type: string;
  body: string;
}

function outboxRowsOf(entityManager: EntityManager, events: readonly EventEnvelope[]): OutboxRow[] {
  if (!entityManager.queryRunner?.isTransactionActive) {
    throw new Error('events go to the outbox only through the EntityManager of a running transaction (dataSource.transaction(...))');
  }
  for (const event of events) {
    const checked = parseEvent(event);
    if (!checked.ok) throw checked.error;
  }
  return events.map((event) => ({ id: event.id, type: event.type, body: JSON.stringify(event) }));
}

async function insertRows(entityManager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
  const placeholders = rows.map((_, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3}::jsonb)`);
  const parameters = rows.flatMap((row) => [row.id, row.type, row.body]);
  const inserted = (await entityManager.query(
    `INSERT INTO outbox (id, type, payload) VALUES ${placeholders.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id, next_attempt_at`,
    parameters,
  )) as { id: string; next_attempt_at: Date }[];
  noteInserted(entityManager, rows, inserted);
}

/** Tells the relay which rows the transaction wrote (an id skipped as already there is not among them). */
function noteInserted(entityManager: EntityManager, rows: readonly OutboxRow[], inserted: readonly { id: string; next_attempt_at: Date }[]): void {
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
