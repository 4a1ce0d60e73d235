/** The identifiers a webhook carries that can tie it to a tenant's linked channel. */
export interface WebhookReferences {
  channelId?: string;
  clientId?: string;
  wabaAccountId?: string;
  /** Digits only, so `+49…` and Meta's `49…` match. */
  phoneNumber?: string;
  /** Meta's phone number id (coexistence and Cloud API payloads). */
  phoneNumberId?: string;
}

type Json = Record<string, unknown>;

const MAX_ID_LENGTH = 128;
/** Events whose `data` is 360dialog's channel object, so `data.id` is the channel id. */
const CHANNEL_OBJECT_EVENT_PREFIXES = ['channel_', 'account_', 'cancellation_'];
/** Coexistence events whose `data` is Meta's webhook `value`, so `data.id` is the WABA id. */
const META_VALUE_EVENTS = new Set(['history', 'smb_app_state_sync', 'smb_message_echoes']);

/** References in a partner webhook's `data`, by what 360dialog puts there for that event. */
export function partnerEventReferences(event: string, data: Json): WebhookReferences {
  if (event.startsWith('client_')) return compact({ clientId: idOf(data.id) ?? idOf(data.client_id) });
  if (META_VALUE_EVENTS.has(event)) return metaValueReferences(data, idOf(data.id));
  const channelObject = CHANNEL_OBJECT_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix));
  const client = objectOf(data.client);
  const waba = objectOf(data.waba_account);
  const setup = objectOf(data.setup_info);
  return compact({
    channelId: idOf(data.channel_id) ?? (channelObject ? idOf(data.id) : undefined),
    clientId: idOf(data.client_id) ?? idOf(client?.id),
    wabaAccountId: idOf(data.waba_account_id) ?? idOf(waba?.id),
    phoneNumber: phoneDigitsOf(data.phone_number) ?? phoneDigitsOf(setup?.phone_number),
  });
}

/** References in a Meta Cloud API payload (`{object, entry: [{id, changes: [{field, value}]}]}`). */
export function metaPayloadReferences(body: Json): WebhookReferences {
  return metaValueReferences(metaChangeValueOf(body) ?? {}, idOf(firstOf(body.entry)?.id));
}

/** The `value` of a Meta payload's first change. */
export function metaChangeValueOf(body: Json): Json | undefined {
  return objectOf(firstOf(firstOf(body.entry)?.changes)?.value);
}

/** The `field` of a Meta payload's first change: what happened (`messages`, `smb_message_echoes`, …). */
export function metaPayloadField(body: Json): string | undefined {
  const field = firstOf(firstOf(body.entry)?.changes)?.field;
  return typeof field === 'string' ? field : undefined;
}

export function phoneDigitsOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/\D/g, '');
  return digits.length >= 5 && digits.length <= 20 ? digits : undefined;
}

export function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function metaValueReferences(value: Json, wabaAccountId: string | undefined): WebhookReferences {
  const metadata = objectOf(value.metadata);
  return compact({
    wabaAccountId,
    phoneNumber: phoneDigitsOf(metadata?.display_phone_number),
    phoneNumberId: idOf(metadata?.phone_number_id),
  });
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  return id.length > 0 && id.length <= MAX_ID_LENGTH ? id : undefined;
}

function firstOf(value: unknown): Json | undefined {
  return Array.isArray(value) ? objectOf(value[0]) : undefined;
}

function compact(references: WebhookReferences): WebhookReferences {
  return Object.fromEntries(Object.entries(references).filter(([, value]) => value !== undefined)) as WebhookReferences;
}
