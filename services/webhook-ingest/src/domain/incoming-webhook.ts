import { createHash } from 'node:crypto';

import { summarizeHistory, type HistorySummary } from './history-summary';
import { webhookError, WebhookErrorCode, type WebhookError } from './webhook-errors';
import { metaPayloadField, metaPayloadReferences, objectOf, partnerEventReferences, type WebhookReferences } from './webhook-references';

/** `partner`: the partner webhook URL (`{id, event, data}`); `channel`: a number's own webhook URL. */
export type WebhookSource = 'partner' | 'channel';

export type WebhookRoute = { source: 'partner' } | { source: 'channel'; channelId: string };

/** A verified webhook, understood just enough to store, deduplicate and route it. */
export interface IncomingWebhook {
  /** The event `id`, or when there is none `sha256:<hex>` of the raw body (on a channel URL, of the channel id and the body). */
  dedupeKey: string;
  /** 360dialog's `event`, or for a Meta payload on a channel URL the first change's `field`. */
  event: string;
  source: WebhookSource;
  references: WebhookReferences;
  /** The whole request body as received. */
  body: Record<string, unknown>;
  historySummary?: HistorySummary;
}

export type ParseResult = { ok: true; webhook: IncomingWebhook } | { ok: false; error: WebhookError };

const MAX_EVENT_LENGTH = 100;
/**
 * 360dialog's and Meta's payloads nest about ten levels. PostgreSQL refuses jsonb some thousands
 * deep (stack depth), and PGlite, the embedded mode's database, then leaves its transaction hanging
 * for good, so such a body is refused before it gets there.
 */
export const MAX_JSON_DEPTH = 64;
const MAX_EVENT_ID_LENGTH = 256;
const CHANNEL_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function isValidChannelId(channelId: string): boolean {
  return CHANNEL_ID_PATTERN.test(channelId);
}

/** Whether `webhookEventId` could name a stored event: a bounded event `id` (PostgreSQL text never holds NUL) or a body hash. */
export function isPossibleWebhookEventId(webhookEventId: string): boolean {
  return webhookEventId.length > 0 && webhookEventId.length <= MAX_EVENT_ID_LENGTH && !webhookEventId.includes('\0');
}

/** Checks the envelope and extracts what routing needs; the body itself is kept whole. */
export function parseIncomingWebhook(body: unknown, rawBody: Buffer, route: WebhookRoute): ParseResult {
  const envelope = objectOf(body);
  if (envelope === undefined) return invalid('The body must be a JSON object');
  if (rawJsonNestsDeeperThan(rawBody, MAX_JSON_DEPTH)) {
    return { ok: false, error: webhookError(WebhookErrorCode.UNSTORABLE_PAYLOAD, `The body nests JSON deeper than ${MAX_JSON_DEPTH} levels`) };
  }
  const id = envelope.id;
  if (id !== undefined && id !== null && !isBoundedString(id, MAX_EVENT_ID_LENGTH)) {
    return invalid(`id must be a non-empty string of at most ${MAX_EVENT_ID_LENGTH} characters`);
  }
  const data = envelope.data === undefined ? {} : objectOf(envelope.data);
  if (data === undefined) return invalid('data must be a JSON object');
  const located = locateEvent(envelope, data, route);
  if (located === undefined) return invalid(route.source === 'partner' ? 'event is required' : 'event (or a Meta payload with entry[].changes[].field) is required');
  const webhook: IncomingWebhook = {
    dedupeKey: typeof id === 'string' ? id : bodyHashKey(rawBody, route),
    event: located.event,
    source: route.source,
    references: route.source === 'channel' ? { ...located.references, channelId: route.channelId } : located.references,
    body: envelope,
  };
  if (located.event === 'history') webhook.historySummary = summarizeHistory(data);
  return { ok: true, webhook };
}

/**
 * A body without an id is known by its hash. On a number's own URL the channel is part of what
 * was delivered: one WABA-level Meta payload sent to two of its numbers' URLs is two deliveries,
 * not a retry of one, so the channel id goes into the hash.
 */
function bodyHashKey(rawBody: Buffer, route: WebhookRoute): string {
  const hash = createHash('sha256');
  if (route.source === 'channel') hash.update(`channel:${route.channelId}\n`);
  return `sha256:${hash.update(rawBody).digest('hex')}`;
}

function locateEvent(
  envelope: Record<string, unknown>,
  data: Record<string, unknown>,
  route: WebhookRoute,
): { event: string; references: WebhookReferences } | undefined {
  if (isBoundedString(envelope.event, MAX_EVENT_LENGTH)) {
    return { event: envelope.event, references: partnerEventReferences(envelope.event, data) };
  }
  if (envelope.event !== undefined || route.source === 'partner') return undefined;
  const field = metaPayloadField(envelope);
  if (!isBoundedString(field, MAX_EVENT_LENGTH)) return undefined;
  return { event: field, references: metaPayloadReferences(envelope) };
}

function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
}

function invalid(message: string): ParseResult {
  return { ok: false, error: webhookError(WebhookErrorCode.INVALID_ENVELOPE, message) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether the JSON text's objects and arrays nest more than `limit` levels (the top-level object
 * is level 1). Read off the raw bytes, which are what the database parses: the parsed body keeps
 * only the last of two duplicate keys, so a deep value under a repeated key would not show there.
 * Brackets inside strings do not count; UTF-8 never puts an ASCII byte inside a multi-byte char.
 */
export function rawJsonNestsDeeperThan(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const byte = json[index]!;
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}
