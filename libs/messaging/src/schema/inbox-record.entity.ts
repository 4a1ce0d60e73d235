import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event a consumer has processed, written in the same transaction as the handler's effect. */
@Entity({ name: 'inbox' })
export class InboxRecord {
  /** The consumer name, so one database can serve several consumers. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_inbox' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'PK_inbox' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Index('inbox_processed_at_idx')
  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
