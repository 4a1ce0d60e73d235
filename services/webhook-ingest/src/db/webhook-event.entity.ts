import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { WebhookSource } from '../domain/incoming-webhook';
import type { HistorySummary } from '../domain/history-summary';
import type { WebhookStatus } from '../domain/webhook-status';

/** One accepted webhook, stored before it was acknowledged. Schema: CreateWebhookIngestTables1767400000000. */
@Entity({ name: 'onboarding_webhook_events' })
export class WebhookEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Arrival order (identity). */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', insert: false, update: false })
  seq!: string;

  /** The event `id`, or `sha256:<hex>` of the body (with the channel id on a number’s own URL); unique. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'text' })
  source!: WebhookSource;

  @Column({ name: 'channel_id', type: 'text', nullable: true })
  channelId!: string | null;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ name: 'waba_account_id', type: 'text', nullable: true })
  wabaAccountId!: string | null;

  /** Digits only. */
  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'phone_number_id', type: 'text', nullable: true })
  phoneNumberId!: string | null;

  /** The whole request body. */
  @Column({ type: 'jsonb' })
  payload!: unknown;

  /** Only for `history`: what is published instead of the payload. */
  @Column({ name: 'history_summary', type: 'jsonb', nullable: true })
  historySummary!: HistorySummary | null;

  @Column({ type: 'text' })
  status!: WebhookStatus;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;
}
