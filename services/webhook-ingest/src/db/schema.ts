import { CreateMessagingTables1767225600000, InboxRecord, OutboxMessage } from '@chatpilot/messaging';
import type { EntityClass, MigrationClass } from '@chatpilot/db';

import { LinkedChannelEntity } from './linked-channel.entity';
import { CreateWebhookIngestTables1767400000000 } from './migrations/1767400000000-create-webhook-ingest-tables';
import { WebhookEventEntity } from './webhook-event.entity';

/** What a DataSource for this service needs (also for callers that bring their own, e.g. PGlite). */
export const webhookIngestEntities: EntityClass[] = [WebhookEventEntity, LinkedChannelEntity, OutboxMessage, InboxRecord];
export const webhookIngestMigrations: MigrationClass[] = [CreateMessagingTables1767225600000, CreateWebhookIngestTables1767400000000];

/**
 * Ingest transactions hold this advisory lock shared, linking holds it exclusive: a webhook is
 * either stored before a link commits (and released by it) or sees the link.
 * The two-key form lives in its own key space, apart from the migration lock's single key.
 */
export const BUFFER_LOCK_KEYS = [0x5748_4b49, 1] as const;
