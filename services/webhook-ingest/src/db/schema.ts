import { createHash } from 'node:crypto';

import { InboxRecord, MESSAGING_MIGRATIONS, OutboxMessage } from '@chatpilot/messaging';
import type { EntityClass, MigrationClass } from '@chatpilot/db';
import type { EntityManager } from 'typeorm';

import { LinkedChannelEntity } from './linked-channel.entity';
import { CreateWebhookIngestTables1767400000000 } from './migrations/1767400000000-create-webhook-ingest-tables';
import { WebhookEventEntity } from './webhook-event.entity';

/** What a DataSource for this service needs (also for callers that bring their own, e.g. PGlite). */
export const webhookIngestEntities: EntityClass[] = [WebhookEventEntity, LinkedChannelEntity, OutboxMessage, InboxRecord];
export const webhookIngestMigrations: MigrationClass[] = [...MESSAGING_MIGRATIONS, CreateWebhookIngestTables1767400000000];

/**
 * The buffer's advisory locks (domain/linked-channel.ts bufferLockNames) live in a fixed set of
 * slots: a name is hashed onto one of BUFFER_LOCK_SLOTS keys (two-key form, apart from the
 * migration lock's single key). A transaction therefore holds at most that many, however many
 * webhooks it stores (PostgreSQL's lock table is shared and sized by max_locks_per_transaction),
 * and two unrelated names on one slot only make their transactions wait for each other.
 */
export const BUFFER_LOCK_SPACE = 0x5748_4b49;
const BUFFER_LOCK_SLOTS = 128;

/** The slots of these names, each once, ascending: every transaction takes them in this order. */
export function bufferLockSlots(names: readonly string[]): number[] {
  const slots = new Set(names.map((name) => createHash('sha256').update(name).digest().readUInt32BE(0) % BUFFER_LOCK_SLOTS));
  return [...slots].sort((a, b) => a - b);
}

/** Waits for and takes the slots, in the order given (unnest yields the array in order). */
export async function lockBufferSlots(manager: EntityManager, slots: readonly number[], mode: 'shared' | 'exclusive'): Promise<void> {
  if (slots.length === 0) return;
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT count(${lock}($1, slot)) FROM unnest($2::int[]) AS slot`, [BUFFER_LOCK_SPACE, slots]);
}

/** Takes the slots exclusively if none is held by another transaction; false (holding some of them) otherwise. */
export async function tryLockBufferSlots(manager: EntityManager, slots: readonly number[]): Promise<boolean> {
  if (slots.length === 0) return true;
  const rows = (await manager.query(`SELECT bool_and(pg_try_advisory_xact_lock($1, slot)) AS locked FROM unnest($2::int[]) AS slot`, [
    BUFFER_LOCK_SPACE,
    slots,
  ])) as { locked: boolean }[];
  return rows[0]?.locked === true;
}
