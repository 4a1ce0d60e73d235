import { changeWithEvents } from '@chatpilot/messaging';
import type { EntityManager } from 'typeorm';

import type { SessionRepository } from '../app/ports';
import { DRIVEN_STATUSES, isSessionStatus, type OnboardingSession, type SessionStatus } from '../domain/session';
import { MUTABLE_COLUMNS, mutableValues, SESSION_SELECT_LIST, toSession, type SessionRow } from './session.mapper';

const ACTIVE = `status NOT IN ('completed', 'failed')`;
const LOCKING = { wait: ' FOR UPDATE', skip: ' FOR UPDATE SKIP LOCKED' } as const;

/** onboarding_sessions through one EntityManager (a transaction's, or the pool's for reads). */
export function createSessionRepository(manager: EntityManager): SessionRepository {
  // Hand-written reads: on the saga's hot path TypeORM's query building cost more than the query.
  const sessions = async (where: string, parameters: unknown[]): Promise<OnboardingSession[]> =>
    ((await manager.query(`SELECT ${SESSION_SELECT_LIST} FROM onboarding_sessions WHERE ${where}`, parameters)) as SessionRow[]).map(toSession);
  const one = async (where: string, parameters: unknown[], locking = ''): Promise<OnboardingSession | undefined> =>
    (await sessions(`${where} LIMIT 1${locking}`, parameters))[0];
  const ids = async (sql: string, parameters: unknown[]): Promise<string[]> =>
    ((await manager.query(sql, parameters)) as { id: string }[]).map((row) => row.id);

  return {
    findById: (id, lock) => one('id = $1', [id], lock === undefined ? '' : LOCKING[lock]),
    findByStateHash: (stateHash) => one('state_hash = $1', [stateHash]),
    findForTenant: (tenantId, id) => one('id = $1 AND tenant_id = $2', [id, tenantId]),
    findActiveForTenant: (tenantId) => one(`tenant_id = $1 AND ${ACTIVE}`, [tenantId]),
    findByIdempotencyKey: (tenantId, key) => one('tenant_id = $1 AND idempotency_key = $2', [tenantId, key]),
    listForTenant: (tenantId, filter) =>
      filter.status === undefined
        ? sessions('tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2', [tenantId, filter.limit])
        : sessions('tenant_id = $1 AND status = $2 ORDER BY created_at DESC, id LIMIT $3', [tenantId, filter.status, filter.limit]),
    insert: async (session, stateHash) => {
      const inserted = await ids(INSERT_SQL, insertValues(session, stateHash));
      return inserted.length === 1 ? 'inserted' : 'conflict';
    },
    save: async (next, expectedVersion, options = {}) => {
      const stateGuard = options.consumeState ? ' AND state_used_at IS NULL AND state_expires_at > now()' : '';
      const sql = `UPDATE onboarding_sessions SET ${SET_MUTABLE}
        WHERE id = $${MUTABLE_COLUMNS.length + 1} AND version = $${MUTABLE_COLUMNS.length + 2}${stateGuard} RETURNING id`;
      const saved = await changeWithEvents(manager, { sql, parameters: [...mutableValues(next), next.id, expectedVersion] }, options.events ?? []);
      return saved.length === 1;
    },
    replaceStateHash: async (sessionId, expectedVersion, stateHash) => {
      const sql = `WITH saved AS (UPDATE onboarding_sessions SET state_hash = $1, version = version + 1, updated_at = now()
        WHERE id = $2 AND version = $3 AND status = 'pending' AND state_used_at IS NULL RETURNING id) SELECT id FROM saved`;
      return (await ids(sql, [stateHash, sessionId, expectedVersion])).length === 1;
    },
    findExpiredPendingIds: (limit) =>
      ids(`SELECT id FROM onboarding_sessions WHERE status = 'pending' AND state_expires_at <= now() ORDER BY state_expires_at LIMIT $1`, [limit]),
    findIdsToDrive: ({ idleSince, activatingBefore, limit }) =>
      ids(
        `SELECT id FROM onboarding_sessions
          WHERE status = ANY($1) AND (greatest(updated_at, coalesce(driven_at, updated_at)) <= $2 OR (status = 'activating' AND activating_at <= $3))
          ORDER BY updated_at LIMIT $4`,
        [DRIVEN_STATUSES, idleSince, activatingBefore, limit],
      ),
    markDriven: async (id) => {
      await manager.query('UPDATE onboarding_sessions SET driven_at = now() WHERE id = $1', [id]);
    },
    // A row changed while this waited for its lock is checked again against the WHERE (READ COMMITTED).
    lockWithChannel: (channelId, statuses) =>
      sessions('channel_ids @> ARRAY[$1]::text[] AND status = ANY($2) ORDER BY created_at, id FOR UPDATE', [channelId, statuses]),
    countByStatus: async () => {
      const counted = (await manager.query('SELECT status, count(*)::int AS count FROM onboarding_sessions GROUP BY status')) as { status: string; count: number }[];
      return new Map(counted.filter((row) => isSessionStatus(row.status)).map((row) => [row.status as SessionStatus, row.count]));
    },
  };
}

const SET_MUTABLE = MUTABLE_COLUMNS.map((column, index) => `${column} = $${index + 1}`).join(', ');

const INSERT_COLUMNS = [
  'id',
  'tenant_id',
  'state_hash',
  'state_expires_at',
  'prefill',
  'idempotency_key',
  'request_fingerprint',
  'created_at',
  ...MUTABLE_COLUMNS,
] as const;

// ON CONFLICT DO NOTHING covers both unique rules (one active session per tenant, one session per
// Idempotency-Key) without aborting the surrounding transaction.
const INSERT_SQL = `INSERT INTO onboarding_sessions (${INSERT_COLUMNS.join(', ')})
  VALUES (${INSERT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING id`;

function insertValues(session: OnboardingSession, stateHash: string): unknown[] {
  return [
    session.id,
    session.tenantId,
    stateHash,
    session.stateExpiresAt,
    JSON.stringify(session.prefill),
    session.idempotencyKey,
    session.requestFingerprint,
    session.createdAt,
    ...mutableValues(session),
  ];
}
