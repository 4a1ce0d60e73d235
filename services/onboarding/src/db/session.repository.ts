import type { EntityManager, SelectQueryBuilder } from 'typeorm';

import type { SessionRepository } from '../app/ports';
import { DRIVEN_STATUSES, isSessionStatus, type OnboardingSession, type SessionStatus } from '../domain/session';
import { OnboardingSessionEntity } from './onboarding-session.entity';
import { MUTABLE_COLUMNS, mutableValues, toSession } from './session.mapper';

const ACTIVE = `status NOT IN ('completed', 'failed')`;

/** onboarding_sessions through one EntityManager (a transaction's, or the pool's for reads). */
export function createSessionRepository(manager: EntityManager): SessionRepository {
  const rows = () => manager.getRepository(OnboardingSessionEntity).createQueryBuilder('s');
  const one = async (query: SelectQueryBuilder<OnboardingSessionEntity>) => {
    const row = await query.getOne();
    return row === null ? undefined : toSession(row);
  };
  const ids = async (sql: string, parameters: unknown[]): Promise<string[]> =>
    ((await manager.query(sql, parameters)) as { id: string }[]).map((row) => row.id);

  return {
    findById: (id, lock) => {
      const query = rows().where('s.id = :id', { id });
      if (lock !== undefined) query.setLock('pessimistic_write');
      if (lock === 'skip') query.setOnLocked('skip_locked');
      return one(query);
    },
    findByStateHash: (stateHash) => one(rows().where('s.stateHash = :stateHash', { stateHash })),
    findForTenant: (tenantId, id) => one(rows().where('s.id = :id AND s.tenantId = :tenantId', { id, tenantId })),
    findActiveForTenant: (tenantId) => one(rows().where(`s.tenantId = :tenantId AND s.${ACTIVE}`, { tenantId })),
    findByIdempotencyKey: (tenantId, key) => one(rows().where('s.tenantId = :tenantId AND s.idempotencyKey = :key', { tenantId, key })),
    listForTenant: async (tenantId, filter) => {
      const query = rows().where('s.tenantId = :tenantId', { tenantId });
      if (filter.status !== undefined) query.andWhere('s.status = :status', { status: filter.status });
      return (await query.orderBy('s.createdAt', 'DESC').addOrderBy('s.id').limit(filter.limit).getMany()).map(toSession);
    },
    insert: async (session, stateHash) => {
      const inserted = await ids(INSERT_SQL, insertValues(session, stateHash));
      return inserted.length === 1 ? 'inserted' : 'conflict';
    },
    save: async (next, expectedVersion, options = {}) => {
      const stateGuard = options.consumeState ? ' AND state_used_at IS NULL AND state_expires_at > now()' : '';
      const sql = `WITH saved AS (UPDATE onboarding_sessions SET ${SET_MUTABLE}
        WHERE id = $${MUTABLE_COLUMNS.length + 1} AND version = $${MUTABLE_COLUMNS.length + 2}${stateGuard} RETURNING id) SELECT id FROM saved`;
      return (await ids(sql, [...mutableValues(next), next.id, expectedVersion])).length === 1;
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
    findIdsWithChannel: (channelId, statuses) =>
      ids('SELECT id FROM onboarding_sessions WHERE channel_ids @> ARRAY[$1]::text[] AND status = ANY($2) ORDER BY created_at', [channelId, statuses]),
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
