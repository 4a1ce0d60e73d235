import { createHash } from 'node:crypto';

import { CreateMessagingTables1767225600000, InboxRecord, OutboxMessage } from '@chatpilot/messaging';
import type { EntityClass, MigrationClass } from '@chatpilot/db';
import type { EntityManager } from 'typeorm';

import { LinkedChannelEntity } from './linked-channel.entity';
import { CreateWebhookIngestTables1767400000000 } from './migrations/1767400000000-create-webhook-ingest-tables';
import { WebhookEventEntity } from './webhook-event.entity';

/** What a DataSource for this service needs (also for callers that bring their own, e.g. PGlite). */
export const webhookIngestEntities: EntityClass[] = [WebhookEventEntity, LinkedChannelEntity, OutboxMessage, InboxRecord];
export const webhookIngestMigrations: MigrationClass[] = [CreateMessagingTables1767225600000, CreateWebhookIngestTables1767400000000];

/**
 * Takes the transaction-scoped advisory locks named (domain/linked-channel.ts bufferLockNames),
 * in the order given. The names are hashed to 64-bit keys; a collision only makes two unrelated
 * transactions wait for each other.
 */
export async function lockBufferNames(manager: EntityManager, names: readonly string[], mode: 'shared' | 'exclusive'): Promise<void> {
  if (names.length === 0) return;
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  // unnest yields the array in order: the locks are taken in the callers' (sorted) order.
  await manager.query(`SELECT count(${lock}(key)) FROM unnest($1::bigint[]) AS key`, [names.map(lockKeyOf)]);
}

function lockKeyOf(name: string): string {
  return createHash('sha256').update(`webhook-buffer:${name}`).digest().readBigInt64BE(0).toString();
}
