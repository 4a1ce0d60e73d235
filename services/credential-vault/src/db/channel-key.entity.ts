import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `whatsapp_api_keys`: one row per channel, so at most one active key per channel. */
@Entity({ name: 'whatsapp_api_keys' })
@Index('whatsapp_api_keys_tenant_idx', ['tenantId'])
export class ChannelKeyEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'text', primaryKeyConstraintName: 'PK_whatsapp_api_keys' })
  channelId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'revoked';

  /** `v1:<key_id>:<iv>:<ciphertext+tag>`; null once revoked. */
  @Column({ type: 'text', nullable: true })
  ciphertext!: string | null;

  @Column({ name: 'encryption_key_id', type: 'text', nullable: true })
  encryptionKeyId!: string | null;

  @Column({ name: 'api_key_last4', type: 'text' })
  apiKeyLast4!: string;

  /** The Messaging API base URL. */
  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'integer' })
  generation!: number;

  @Column({ name: 'd360_key_id', type: 'text', nullable: true })
  d360KeyId!: string | null;

  @Column({ name: 'app_id', type: 'text', nullable: true })
  appId!: string | null;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
