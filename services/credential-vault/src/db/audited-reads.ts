import type { DataSource } from 'typeorm';
import type { AuditedRead } from '../app/ports';
import type { StoredCredential } from '../domain/channel-key';
import { createMicroBatcher } from './micro-batcher';

/**
 * One statement per batch of reads: it looks the keys up (only the columns a sender's read needs)
 * and appends one audit row per read.
 * A data-modifying CTE runs in the statement's transaction, so if the INSERT fails no row comes
 * back. The CASE mirrors requireActiveKey and requireSameTenant (domain/channel-key.ts), in
 * their order; the integration tests pin each outcome.
 */
const READ_AND_AUDIT = `
  WITH request AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
      AS r(requested_channel, requested_tenant, caller, method, occurred_at)
  ),
  found AS (
    SELECT r.*, k.channel_id AS found_channel, k.tenant_id AS found_tenant, k.status AS found_status, k.generation AS found_generation,
      k.ciphertext AS found_ciphertext, k.address AS found_address
    FROM request r LEFT JOIN whatsapp_api_keys k ON k.channel_id = r.requested_channel
  ),
  audit AS (
    INSERT INTO vault_audit_log (occurred_at, caller, method, tenant_id, channel_id, outcome, generation)
    SELECT occurred_at, caller, method,
      CASE WHEN found_channel IS NOT NULL AND found_status = 'active' AND requested_tenant IS NOT NULL AND requested_tenant <> found_tenant
           THEN requested_tenant ELSE coalesce(found_tenant, requested_tenant) END,
      requested_channel,
      CASE WHEN found_channel IS NULL THEN 'VAULT.CHANNEL_KEY_NOT_FOUND'
           WHEN found_status <> 'active' THEN 'VAULT.CHANNEL_KEY_REVOKED'
           WHEN requested_tenant IS NOT NULL AND requested_tenant <> found_tenant THEN 'VAULT.TENANT_MISMATCH'
           ELSE 'OK' END,
      found_generation
    FROM found
  )
  SELECT found_channel AS "channelId", found_tenant AS "tenantId", found_status AS status, found_ciphertext AS "sealedKey",
    found_address AS address, found_generation AS generation
  FROM found WHERE found_channel IS NOT NULL`;

export interface AuditedReads {
  read(request: AuditedRead): Promise<StoredCredential | undefined>;
}

/**
 * Concurrent reads share a statement (group commit). A statement's time is mostly its commit
 * waiting for the WAL flush, so several moderate batches in flight overlap those waits (and
 * PostgreSQL flushes them together); one batch of every waiting caller made all callers move in
 * lockstep, one flush per turn (bench:vault: 64% of the echo baseline at 32 callers, 84-88% now).
 */
export function createAuditedReads(dataSource: DataSource, options: { maxBatchSize?: number; onBatch?: (size: number, failed: boolean) => void } = {}): AuditedReads {
  const batcher = createMicroBatcher((requests: AuditedRead[]) => readAndAudit(dataSource, requests), {
    maxBatchSize: options.maxBatchSize ?? 16,
    maxInFlight: 4,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });
  return { read: (request) => batcher.submit(request) };
}

async function readAndAudit(dataSource: DataSource, requests: AuditedRead[]): Promise<(StoredCredential | undefined)[]> {
  const rows = (await dataSource.query(READ_AND_AUDIT, [
    requests.map((request) => request.channelId),
    requests.map((request) => request.tenantId ?? null),
    requests.map((request) => request.caller),
    requests.map((request) => request.method),
    requests.map((request) => request.occurredAt.toISOString()),
  ])) as StoredCredential[];
  const byChannel = new Map(rows.map((row) => [row.channelId, row]));
  return requests.map((request) => byChannel.get(request.channelId));
}
