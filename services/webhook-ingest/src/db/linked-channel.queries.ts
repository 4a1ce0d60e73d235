import type { EntityManager } from 'typeorm';

import type { LinkedChannel } from '../domain/linked-channel';
import type { WebhookReferences } from '../domain/webhook-references';
import { toLinkedChannel, type LinkedChannelRow } from './webhook-row.mapper';

/** Every linked channel any of these references could match (by channel, WABA, phone number or client). */
export async function findLinkedChannels(manager: EntityManager, references: readonly WebhookReferences[]): Promise<LinkedChannel[]> {
  const values = (pick: (reference: WebhookReferences) => string | undefined): string[] => [
    ...new Set(references.map(pick).filter((value): value is string => value !== undefined)),
  ];
  const channelIds = values((r) => r.channelId);
  const wabaIds = values((r) => r.wabaAccountId);
  const phones = values((r) => r.phoneNumber);
  const clientIds = values((r) => r.clientId);
  if (channelIds.length + wabaIds.length + phones.length + clientIds.length === 0) return [];
  const rows = (await manager.query(
    `SELECT channel_id, tenant_id, client_id, waba_account_id, phone_number
       FROM webhook_linked_channels
      WHERE channel_id = ANY($1::text[]) OR waba_account_id = ANY($2::text[])
         OR phone_number = ANY($3::text[]) OR client_id = ANY($4::text[])`,
    [channelIds, wabaIds, phones, clientIds],
  )) as LinkedChannelRow[];
  return rows.map(toLinkedChannel);
}
