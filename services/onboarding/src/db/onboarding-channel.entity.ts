import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What onboarding knows about one channel, fed by registry, vault and 360dialog events. */
@Entity({ name: 'onboarding_channels' })
export class OnboardingChannelEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'text' })
  channelId!: string;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  @Column({ name: 'key_generation', type: 'integer', nullable: true })
  keyGeneration!: number | null;

  @Column({ name: 'key_provisioned_at', type: 'timestamptz', nullable: true })
  keyProvisionedAt!: Date | null;

  @Column({ name: 'key_revoked_at', type: 'timestamptz', nullable: true })
  keyRevokedAt!: Date | null;

  @Column({ name: 'webhook_configured', type: 'boolean' })
  webhookConfigured!: boolean;

  @Column({ name: 'history_phase', type: 'integer', nullable: true })
  historyPhase!: number | null;

  /** numeric(5,2): pg returns it as a string. */
  @Column({ name: 'history_progress', type: 'numeric', precision: 5, scale: 2, nullable: true })
  historyProgress!: string | null;

  @Column({ name: 'history_chunks', type: 'integer' })
  historyChunks!: number;

  @Column({ name: 'history_messages', type: 'integer' })
  historyMessages!: number;

  @Column({ name: 'history_updated_at', type: 'timestamptz', nullable: true })
  historyUpdatedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
