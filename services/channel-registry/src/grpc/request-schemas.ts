import { EXTERNAL_ID_PATTERN, isPlainText, PLAIN_TEXT_PROBLEM, plainTextSchema } from '@chatpilot/contracts';
import { z } from 'zod';

import { MAX_CHANNELS_PER_CALL, TENANT_ID_PATTERN } from '../domain/identifiers';
import { MAX_PAGE_SIZE } from '../app/read-channels';

const tenantId = z.string().regex(TENANT_ID_PATTERN, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
const externalId = z.string().regex(EXTERNAL_ID_PATTERN, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
/** Up to 32 characters of digits, spaces, parentheses and dashes after an optional plus, at least 6 of them digits. */
const PHONE_NUMBER = /^\+?(?=(?:[ ()-]*[0-9]){6})[0-9 ()-]{6,32}$/;
const channelIds = z.array(externalId).min(1, 'must name at least one channel').max(MAX_CHANNELS_PER_CALL, `must name at most ${MAX_CHANNELS_PER_CALL} channels`);

export const linkChannelsRequest = z.object({
  tenant_id: tenantId,
  session_id: z
    .string()
    .trim()
    .max(128)
    .refine(isPlainText, PLAIN_TEXT_PROBLEM)
    .transform((value) => (value === '' ? null : value)),
  client_id: externalId,
  channel_ids: channelIds,
});

export const getChannelRequest = z.object({ tenant_id: tenantId, channel_id: externalId });

export const listChannelsRequest = z.object({
  tenant_id: tenantId,
  page_size: z.number().int().min(0).max(MAX_PAGE_SIZE),
  page_token: z.string().max(512),
});

export const resolveChannelRequest = z.discriminatedUnion('key', [
  z.object({ key: z.literal('channel_id'), channel_id: externalId }).transform((r) => ({ channelId: r.channel_id })),
  z.object({ key: z.literal('waba_account_id'), waba_account_id: externalId }).transform((r) => ({ wabaAccountId: r.waba_account_id })),
  z
    .object({ key: z.literal('phone_number'), phone_number: z.string().regex(PHONE_NUMBER, 'must be a phone number') })
    .transform((r) => ({ phoneNumber: r.phone_number })),
]);

export const markRevokedRequest = z.object({
  tenant_id: tenantId,
  channel_ids: channelIds,
  reason: plainTextSchema(500),
});

/** The request, or a message naming every bad field (never echoing values). */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, request: unknown): { ok: true; value: z.output<Schema> } | { ok: false; message: string } {
  const parsed = schema.safeParse(request, { reportInput: false });
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'request'} ${issue.message}`);
  return { ok: false, message: problems.join('; ') };
}
