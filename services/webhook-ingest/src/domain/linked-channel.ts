import { phoneDigitsOf, type WebhookReferences } from './webhook-references';

/** One row of the projection built from `registry.channel.linked`: whose channel this is. */
export interface LinkedChannel {
  channelId: string;
  tenantId: string;
  clientId?: string;
  wabaAccountId?: string;
  /** Digits only. */
  phoneNumber?: string;
}

export interface ChannelLinkedFacts {
  tenant_id: string;
  channel_id: string;
  client_id: string;
  waba_account_id?: string;
  phone_number?: string;
}

export function linkedChannelFrom(facts: ChannelLinkedFacts): LinkedChannel {
  const phoneNumber = phoneDigitsOf(facts.phone_number);
  return {
    channelId: facts.channel_id,
    tenantId: facts.tenant_id,
    clientId: facts.client_id,
    ...(facts.waba_account_id === undefined ? {} : { wabaAccountId: facts.waba_account_id }),
    ...(phoneNumber === undefined ? {} : { phoneNumber }),
  };
}

/**
 * The tenant of a webhook, from the most specific reference that matches a linked channel:
 * the channel itself, then its WABA, its phone number, and last the 360dialog client.
 */
export function tenantFor(references: WebhookReferences, linked: readonly LinkedChannel[]): string | undefined {
  const matchers: ((channel: LinkedChannel) => boolean)[] = [
    (channel) => references.channelId !== undefined && channel.channelId === references.channelId,
    (channel) => references.wabaAccountId !== undefined && channel.wabaAccountId === references.wabaAccountId,
    (channel) => references.phoneNumber !== undefined && channel.phoneNumber === references.phoneNumber,
    (channel) => references.clientId !== undefined && channel.clientId === references.clientId,
  ];
  for (const matches of matchers) {
    const match = linked.find(matches);
    if (match) return match.tenantId;
  }
  return undefined;
}

/**
 * The linked channel a webhook is about when it says so unambiguously: its channel id, or the
 * phone number when exactly one linked channel has it (and, if the webhook names a WABA, that
 * channel's WABA is not another one). Meta's payloads (history, echoes) name the WABA and the
 * number, not the 360dialog channel; a WABA may hold several numbers, and a number that moved to
 * a new channel is still on the old one's row until that is revoked.
 */
export function channelFor(references: WebhookReferences, linked: readonly LinkedChannel[]): LinkedChannel | undefined {
  if (references.channelId !== undefined) return linked.find((channel) => channel.channelId === references.channelId);
  const { phoneNumber, wabaAccountId } = references;
  if (phoneNumber === undefined) return undefined;
  const candidates = linked.filter(
    (channel) => channel.phoneNumber === phoneNumber && (wabaAccountId === undefined || channel.wabaAccountId === undefined || channel.wabaAccountId === wabaAccountId),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The buffer lock names of what these webhooks or links refer to. An ingest transaction holds its
 * webhooks' names shared, a link holds its channel's exclusive: a webhook that could match the
 * channel is either stored before the link commits (and released by it) or sees the link, and
 * webhooks of other channels do not wait for it (db/schema.ts maps names onto lock slots).
 */
export function bufferLockNames(references: readonly WebhookReferences[]): string[] {
  const names = new Set<string>();
  for (const { channelId, clientId, wabaAccountId, phoneNumber } of references) {
    if (channelId !== undefined) names.add(`channel:${channelId}`);
    if (clientId !== undefined) names.add(`client:${clientId}`);
    if (wabaAccountId !== undefined) names.add(`waba:${wabaAccountId}`);
    if (phoneNumber !== undefined) names.add(`phone:${phoneNumber}`);
  }
  return [...names];
}
