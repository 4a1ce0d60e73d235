import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { ChannelStatus } from '../domain/channel-status';

/** One WhatsApp channel (360dialog channel id) and the tenant that owns it. */
@Entity({ name: 'whatsapp_accounts' })
@Index('whatsapp_accounts_tenant_idx', ['tenantId', 'channelId'])
@Index('whatsapp_accounts_waba_idx', ['wabaAccountId', 'linkedAt'])
export class WhatsappAccountEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'text', primaryKeyConstraintName: 'whatsapp_accounts_pkey' })
  channelId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ name: 'waba_account_id', type: 'text', nullable: true })
  wabaAccountId!: string | null;

  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'text' })
  status!: ChannelStatus;

  @Column({ name: 'raw_status', type: 'text', nullable: true })
  rawStatus!: string | null;

  @Column({ name: 'quality_rating', type: 'text', nullable: true })
  qualityRating!: string | null;

  @Column({ name: 'messaging_limit', type: 'text', nullable: true })
  messagingLimit!: string | null;

  @Column({ name: 'account_mode', type: 'text', nullable: true })
  accountMode!: string | null;

  @Column({ type: 'boolean', nullable: true })
  coexistence!: boolean | null;

  @Column({ name: 'onboarding_session_id', type: 'text', nullable: true })
  onboardingSessionId!: string | null;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt!: Date | null;

  @Column({ name: 'last_reconciled_at', type: 'timestamptz', nullable: true })
  lastReconciledAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
