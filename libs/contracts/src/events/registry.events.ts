import { z } from 'zod';

import { defineEvent } from '../event-definition';

const channelId = z.string().min(1);

export const registryChannelLinkedDataSchema = z.object({
  tenant_id: z.string().min(1),
  channel_id: channelId,
  client_id: z.string().min(1),
  session_id: z.string().min(1).optional(),
  waba_account_id: z.string().min(1).optional(),
  phone_number: z.string().min(1).optional(),
});

export const registryChannelStatusChangedDataSchema = z.object({
  channel_id: channelId,
  /** null for the first status the registry learns about. */
  from: z.string().min(1).nullable(),
  to: z.string().min(1),
  /** 360dialog's status string as received, before normalisation. */
  raw_status: z.string().min(1),
  changed_at: z.iso.datetime({ offset: true }),
});

export const registryChannelQualityChangedDataSchema = z.object({
  channel_id: channelId,
  from: z.string().min(1).optional(),
  to: z.string().min(1),
  messaging_limit: z.string().min(1).optional(),
});

export const registryChannelRevokedDataSchema = z.object({
  channel_id: channelId,
  reason: z.string().min(1),
});

/** Published by channel-registry. */
export const registryEvents = {
  'registry.channel.linked': defineEvent({ version: 1, data: registryChannelLinkedDataSchema }),
  'registry.channel.status_changed': defineEvent({ version: 1, data: registryChannelStatusChangedDataSchema }),
  'registry.channel.quality_changed': defineEvent({ version: 1, data: registryChannelQualityChangedDataSchema }),
  'registry.channel.revoked': defineEvent({ version: 1, data: registryChannelRevokedDataSchema }),
} as const;
