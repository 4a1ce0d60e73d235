import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the state change it announces; the relay
 * publishes it and stamps `published_at`. Rows are pruned after a retention period.
 */
@Entity({ name: 'outbox' })
@Index('outbox_due_idx', ['nextAttemptAt', 'seq'], { where: 'published_at IS NULL' })
@Index('outbox_published_at_idx', ['publishedAt'], { where: 'published_at IS NOT NULL' })
export class OutboxMessage {
  /** The event id. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_outbox' })
  id!: string;

  /** The event type, also the routing key. */
  @Column({ type: 'text' })
  type!: string;

  /** The whole envelope, exactly as published. */
  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The insert's own clock, so rows go out in insertion order; failed publishes back off through this. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  nextAttemptAt!: Date;

  /** Insertion order, breaking ties between rows inserted at the same instant. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
