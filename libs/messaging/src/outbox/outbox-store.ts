import type { DataSource, EntityManager } from 'typeorm';

import { UNROUTABLE_REASON } from '../transport/message-transport';

export interface DueOutboxRow {
  id: string;
  type: string;
  /** The envelope as JSON text, straight from Postgres. */
  body: string;
  attempts: number;
}

export interface OutboxRetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts after which a row that is still unroutable is parked instead of postponed. */
  parkUnroutableAfterAttempts: number;
}

/**
 * Due rows, given the parameters holding the grace (ms) and the insert time. A row never tried is
 * due a grace after its insert (`next_attempt_at` defaults to the insert's clock), or at once
 * when inserted by that time: until then it is left to the relay of the process that wrote it,
 * which publishes it as its transaction commits.
 */
const dueRows = (graceMs: string, insertedBy: string): string => `published_at IS NULL AND next_attempt_at <= now()
        AND (attempts > 0 OR next_attempt_at <= now() - make_interval(secs => ${graceMs}::float8 / 1000) OR next_attempt_at <= ${insertedBy}::timestamptz)`;

/** Up to $1 due rows, in insertion order (retried rows by their next attempt), locked for the claiming transaction. */
export const CLAIM_DUE_ROWS_SQL = `SELECT id, type, payload::text AS body, attempts
       FROM outbox
      WHERE ${dueRows('$2', '$3')}
      ORDER BY next_attempt_at, seq
      LIMIT $1
        FOR UPDATE SKIP LOCKED`;

/**
 * Makes the rest of this transaction walk indexes rather than scan and sort. The claim must walk
 * the due index in order and stop after `limit` rows; when the table's statistics predate a
 * backlog (a new table, or a burst since the last ANALYZE), the planner expects a handful of due
 * rows and picks a bitmap scan that fetches and sorts the whole backlog: the bigger the backlog,
 * the slower each claim (13 ms instead of 0.4 ms for 10,000 due rows).
 */
export async function preferIndexScans(entityManager: EntityManager): Promise<void> {
  await entityManager.query(`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
}

/**
 * Locks up to `limit` due rows for this transaction. SKIP LOCKED lets several relays (replicas)
 * share the work without waiting on or publishing each other's rows.
 */
export interface FreshRows {
  /** How long after its insert a row never tried is left to its writer; defaults to 0. */
  graceMs?: number;
  /** Rows inserted by this time (the database's clock) are due at once all the same. */
  dueIfInsertedBy?: Date;
}

export async function claimDueRows(entityManager: EntityManager, limit: number, fresh: FreshRows = {}): Promise<DueOutboxRow[]> {
  await preferIndexScans(entityManager);
  return (await entityManager.query(CLAIM_DUE_ROWS_SQL, [limit, fresh.graceMs ?? 0, fresh.dueIfInsertedBy ?? null])) as DueOutboxRow[];
}

export async function databaseClock(dataSource: DataSource): Promise<Date> {
  const [row] = (await dataSource.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
  return row!.now;
}

/** Whether any row is due, claimed by another transaction or not (a claim skips those). */
export async function anyRowDue(dataSource: DataSource, fresh: FreshRows = {}): Promise<boolean> {
  const rows = (await dataSource.query(`SELECT 1 FROM outbox WHERE ${dueRows('$1', '$2')} LIMIT 1`, [
    fresh.graceMs ?? 0,
    fresh.dueIfInsertedBy ?? null,
  ])) as unknown[];
  return rows.length > 0;
}

export async function markPublished(entityManager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await entityManager.query(`UPDATE outbox SET published_at = now(), last_error = NULL WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids]);
}

/** Which of these rows have been published or tried (and postponed, or parked). */
export async function triedAmong(dataSource: DataSource, ids: readonly string[]): Promise<Set<string>> {
  const rows = (await dataSource.query(`SELECT id FROM outbox WHERE id = ANY($1::uuid[]) AND (published_at IS NOT NULL OR attempts > 0)`, [ids])) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}

export interface Rejection {
  id: string;
  reason: string;
  /** No queue is bound to the event's type (rather than a nack). */
  unroutable: boolean;
}

/**
 * Postpones rows the broker refused, exponentially per row, so one bad event never blocks the
 * rest. A row still unroutable at its `parkUnroutableAfterAttempts`-th attempt is parked
 * (`next_attempt_at = 'infinity'`): nothing consumes its type, and retrying every few minutes
 * for ever would cost a publish per row per retry while the parked rows pile up. Parked rows are
 * kept, never pruned, and go out again once `probeParked` finds their type routable.
 * Returns the ids of the rows it parked.
 */
export async function postponeRejected(entityManager: EntityManager, rejections: readonly Rejection[], policy: OutboxRetryPolicy): Promise<Set<string>> {
  if (rejections.length === 0) return new Set();
  const [updated] = (await entityManager.query(
    `UPDATE outbox AS o
        SET attempts = o.attempts + 1,
            last_error = r.reason,
            next_attempt_at = CASE
              WHEN r.unroutable AND o.attempts + 1 >= $5 THEN 'infinity'::timestamptz
              ELSE now() + make_interval(secs => least($3::float8, $2::float8 * power(2, o.attempts)) / 1000)
            END
       FROM unnest($1::uuid[], $4::text[], $6::boolean[]) AS r(id, reason, unroutable)
      WHERE o.id = r.id AND o.published_at IS NULL
      RETURNING o.id, o.next_attempt_at = 'infinity' AS parked`,
    [
      rejections.map((r) => r.id),
      policy.baseDelayMs,
      policy.maxDelayMs,
      rejections.map((r) => r.reason),
      policy.parkUnroutableAfterAttempts,
      rejections.map((r) => r.unroutable),
    ],
  )) as [{ id: string; parked: boolean }[], number];
  return new Set(updated.filter((row) => row.parked).map((row) => row.id));
}

/**
 * Makes the oldest parked row of each parked type due, so the next relay cycle tries it: still
 * unroutable, it is parked again; confirmed, `unparkTypes` releases the rest of its type.
 * Returns the types probed.
 */
export async function probeParked(dataSource: DataSource): Promise<string[]> {
  const rows = (await dataSource.query(
    `UPDATE outbox SET next_attempt_at = now()
      WHERE id IN (SELECT DISTINCT ON (type) id FROM outbox
                    WHERE published_at IS NULL AND next_attempt_at = 'infinity'
                    ORDER BY type, created_at)
      RETURNING type`,
  )) as [{ type: string }[], number];
  return rows[0].map((row) => row.type);
}

/** Makes every parked row of these types due again, their attempts counted afresh. */
export async function unparkTypes(entityManager: EntityManager, types: readonly string[]): Promise<number> {
  if (types.length === 0) return 0;
  const [, released] = (await entityManager.query(
    `UPDATE outbox SET next_attempt_at = now(), attempts = 0
      WHERE published_at IS NULL AND next_attempt_at = 'infinity' AND type = ANY($1::text[])`,
    [types],
  )) as [unknown, number];
  return released;
}

export interface OutboxBacklog {
  /**
   * Seconds since the oldest row not yet delivered was written (0 when there is none): the relay
   * behind, the broker out of reach or refusing messages. Rows the broker returned as unroutable
   * are not in it: no consumer of their type is deployed, which is `unroutable`'s business.
   */
  lagSeconds: number;
  /** Rows the broker returned because no queue is bound to their type, waiting for their next attempt. */
  unroutable: number;
  /** Rows parked because no queue is bound to their type. */
  parked: number;
}

export async function outboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const rows = (await dataSource.query(
    `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE NOT unroutable AND next_attempt_at <> 'infinity')), 0)::float8 AS lag,
            count(*) FILTER (WHERE unroutable AND next_attempt_at <> 'infinity')::int AS unroutable,
            count(*) FILTER (WHERE next_attempt_at = 'infinity')::int AS parked
       FROM (SELECT created_at, next_attempt_at, coalesce(last_error LIKE $1, false) AS unroutable FROM outbox WHERE published_at IS NULL) AS unpublished`,
    [`${UNROUTABLE_REASON}%`],
  )) as { lag: number; unroutable: number; parked: number }[];
  return { lagSeconds: Math.max(0, Number(rows[0]?.lag ?? 0)), unroutable: Number(rows[0]?.unroutable ?? 0), parked: Number(rows[0]?.parked ?? 0) };
}

/** Deletes rows published longer ago than the retention, in small chunks to keep locks short. */
export async function prunePublished(dataSource: DataSource, retentionMs: number, chunkSize = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = (await dataSource.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE published_at < now() - make_interval(secs => $1::float8 / 1000) LIMIT $2)`,
      [retentionMs, chunkSize],
    )) as [unknown, number];
    total += deleted;
    if (deleted < chunkSize) return total;
  }
}
