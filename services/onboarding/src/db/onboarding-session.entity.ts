import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `onboarding_sessions`; session.mapper.ts turns it into the domain's OnboardingSession. */
@Entity({ name: 'onboarding_sessions' })
export class OnboardingSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** SHA-256 (hex) of the state token; the token itself is never stored. */
  @Column({ name: 'state_hash', type: 'text' })
  stateHash!: string;

  @Column({ name: 'state_expires_at', type: 'timestamptz' })
  stateExpiresAt!: Date;

  @Column({ name: 'state_used_at', type: 'timestamptz', nullable: true })
  stateUsedAt!: Date | null;

  @Column({ type: 'jsonb' })
  prefill!: Record<string, unknown>;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint!: string;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ name: 'channel_ids', type: 'text', array: true })
  channelIds!: string[];

  @Column({ name: 'revoked_channel_ids', type: 'text', array: true })
  revokedChannelIds!: string[];

  @Column({ name: 'callback_fingerprint', type: 'text', nullable: true })
  callbackFingerprint!: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'callback_received_at', type: 'timestamptz', nullable: true })
  callbackReceivedAt!: Date | null;

  @Column({ name: 'channels_linked_at', type: 'timestamptz', nullable: true })
  channelsLinkedAt!: Date | null;

  @Column({ name: 'activating_at', type: 'timestamptz', nullable: true })
  activatingAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** When the sweeper last tried to move the session on. */
  @Column({ name: 'driven_at', type: 'timestamptz', nullable: true })
  drivenAt!: Date | null;
}
