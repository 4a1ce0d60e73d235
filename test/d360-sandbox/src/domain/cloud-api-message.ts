const MESSAGE_TYPES = ['text', 'image', 'audio', 'document', 'video', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
type MessageType = (typeof MESSAGE_TYPES)[number];
const MEDIA_TYPES: readonly string[] = ['image', 'audio', 'document', 'video', 'sticker'];

export type MessageCheck = { ok: true; to: string; type: MessageType } | { ok: false; details: string };

type Json = Record<string, unknown>;

/**
 * The basic shape checks Cloud API applies to `POST /messages` before anything else: the
 * product, the recipient, and a `type` with its matching object (`type` defaults to `text`).
 */
export function checkCloudApiMessage(body: unknown): MessageCheck {
  if (!isObject(body)) return fail('The request body must be a JSON object.');
  if (body.messaging_product !== 'whatsapp') return fail('The parameter messaging_product is required and must be "whatsapp".');
  if (typeof body.to !== 'string' || !/^\+?[\d\s-]{5,20}$/.test(body.to)) return fail('The parameter to is required and must be a phone number.');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return fail('recipient_type must be "individual".');

  const type = body.type ?? 'text';
  if (!isMessageType(type)) return fail(`Unsupported message type: ${String(type)}.`);
  const problem = checkTypedObject(type, body[type]);
  return problem === undefined ? { ok: true, to: body.to, type } : fail(problem);
}

function checkTypedObject(type: MessageType, value: unknown): string | undefined {
  if (type === 'contacts') return Array.isArray(value) && value.length > 0 ? undefined : 'The parameter contacts is required.';
  if (!isObject(value)) return `The parameter ${type} is required for type ${type}.`;
  if (type === 'text') return nonEmpty(value.body) ? undefined : 'The parameter text.body is required.';
  if (type === 'template') {
    if (!nonEmpty(value.name)) return 'The parameter template.name is required.';
    return isObject(value.language) && nonEmpty(value.language.code) ? undefined : 'The parameter template.language.code is required.';
  }
  if (MEDIA_TYPES.includes(type)) return nonEmpty(value.id) || nonEmpty(value.link) ? undefined : `${type}.id or ${type}.link is required.`;
  return undefined;
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && (MESSAGE_TYPES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

function fail(details: string): MessageCheck {
  return { ok: false, details };
}
