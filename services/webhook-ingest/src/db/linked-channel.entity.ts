import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The projection of `registry.channel.linked`: which tenant a channel (and its client, WABA, number) belongs to. */
@Entity({ name: 'webhook_linked_channels' })
export class LinkedChannelEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'text' })
  channelId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ name: 'waba_account_id', type: 'text', nullable: true })
  wabaAccountId!: string | null;

  /** Digits only. */
  @Column({ name: 'phone_number', type: 'text', nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' })
  linkedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
