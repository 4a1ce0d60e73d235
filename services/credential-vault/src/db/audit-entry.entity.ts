import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `vault_audit_log`: append-only (a trigger refuses updates); never holds a secret. */
@Entity({ name: 'vault_audit_log' })
@Index('vault_audit_log_channel_idx', ['channelId', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_vault_audit_log' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  caller!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'channel_id', type: 'text', nullable: true })
  channelId!: string | null;

  /** 'OK' or an error code. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'integer', nullable: true })
  generation!: number | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;
}
