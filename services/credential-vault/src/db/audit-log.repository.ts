import type { EntityManager } from 'typeorm';
import type { AuditEntry, RecordedAuditEntry } from '../app/ports';
import { AuditEntryEntity } from './audit-entry.entity';

type Queryable = Pick<EntityManager, 'query'>;

/** One statement for any number of entries, so a batch is one round trip and one commit. */
export async function insertAuditEntries(queryable: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await queryable.query(
    `INSERT INTO vault_audit_log (occurred_at, caller, method, tenant_id, channel_id, outcome, generation, detail)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[])`,
    [
      entries.map((entry) => entry.occurredAt.toISOString()),
      entries.map((entry) => entry.caller),
      entries.map((entry) => entry.method),
      entries.map((entry) => entry.tenantId),
      entries.map((entry) => entry.channelId),
      entries.map((entry) => entry.outcome),
      entries.map((entry) => entry.generation),
      entries.map((entry) => entry.detail),
    ],
  );
}

/** A channel's audit entries, newest first. */
export async function listAuditEntries(manager: EntityManager, query: { channelId: string; limit: number }): Promise<RecordedAuditEntry[]> {
  const rows = await manager.find(AuditEntryEntity, { where: { channelId: query.channelId }, order: { id: 'DESC' }, take: query.limit });
  return rows.map((row) => ({ ...row }));
}
