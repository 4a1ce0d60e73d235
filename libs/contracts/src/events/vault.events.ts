import { z } from 'zod';

import { defineEvent } from '../event-definition';

// Strict objects: a stray field (an api_key, say) makes the producer throw instead of quietly
// travelling on the bus.
export const vaultChannelKeyProvisionedDataSchema = z.strictObject({
  channel_id: z.string().min(1),
  generation: z.number().int().positive(),
  /** The Messaging API base URL the key is valid for. */
  address: z.url(),
});

export const vaultChannelKeyRevokedDataSchema = z.strictObject({
  channel_id: z.string().min(1),
  reason: z.string().min(1),
});

/** Published by credential-vault; never carries a secret. */
export const vaultEvents = {
  'vault.channel_key.provisioned': defineEvent({ version: 1, data: vaultChannelKeyProvisionedDataSchema }),
  'vault.channel_key.revoked': defineEvent({ version: 1, data: vaultChannelKeyRevokedDataSchema }),
} as const;
