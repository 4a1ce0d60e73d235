import { z } from 'zod';

/** 360dialog sends ids as strings in some places and numbers in others. */
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = z.string().nullish();

// Lenient on purpose: 360dialog adds fields without notice, and a new field must not break the
// reconciler. Only what we act on is checked; everything else passes through untouched.
export const partnerChannelSchema = z.looseObject({
  id: z.string().min(1),
  client_id: z.string().min(1),
  status: z.string(),
  account_mode: optionalText,
  current_quality_rating: optionalText,
  current_limit: optionalText,
  created_at: optionalText,
  setup_info: z.looseObject({ phone_number: optionalText, phone_name: optionalText }).nullish(),
  waba_account: z.looseObject({ id: idSchema, fb_account_status: optionalText }).nullish(),
  integration: z.looseObject({ enabled: z.boolean().nullish(), app_id: idSchema.nullish(), state: optionalText }).nullish(),
  client: z.looseObject({ id: idSchema.optional(), name: optionalText, partner_payload: optionalText }).nullish(),
});
export type PartnerChannel = z.infer<typeof partnerChannelSchema>;

const channelListSchema = z.looseObject({
  total: z.number().int().nonnegative().optional(),
  partner_channels: z.array(partnerChannelSchema),
});

export interface PartnerChannelPage {
  /** Channels matching the filters, across all pages. */
  total: number;
  partner_channels: PartnerChannel[];
}

/** A freshly created channel API key. `apiKey` is the secret: never log or persist it in the clear. */
export interface CreatedChannelApiKey {
  apiKey: string;
  /** The Messaging API base URL this key works against (e.g. https://waba-v2.360dialog.io). */
  address: string;
  appId?: string;
  keyId?: string;
}

/** A channel API key as listed: metadata only, never the key itself. */
export interface ChannelApiKeyInfo {
  keyId: string;
  address?: string;
  appId?: string;
  createdAt?: string;
}

const createdKeySchema = z.looseObject({
  api_key: z.string().min(1),
  address: z.url({ protocol: /^https?$/ }),
  app_id: idSchema.nullish(),
  id: idSchema.nullish(),
});

const keyListSchema = z.looseObject({
  api_keys: z.array(z.looseObject({ id: idSchema, address: optionalText, app_id: idSchema.nullish(), created_at: optionalText })),
});

/** Either the value, or the names of the fields that were missing or malformed (never their values). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * `POST …/api_keys` answers either flat `{address, api_key, app_id, id}` or `{api_keys: […]}`
 * (both seen in 360dialog material); in the list shape the entry carrying an `api_key` is the new one.
 */
export function parseCreatedApiKey(body: unknown): Parsed<CreatedChannelApiKey> {
  const parsed = createdKeySchema.safeParse(createdKeyCandidate(body));
  if (!parsed.success) return { ok: false, problems: problemFields(parsed.error) };
  const { api_key, address, app_id, id } = parsed.data;
  return {
    ok: true,
    value: { apiKey: api_key, address, ...(app_id == null ? {} : { appId: app_id }), ...(id == null ? {} : { keyId: id }) },
  };
}

function createdKeyCandidate(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('api_keys' in body)) return body;
  const entries = (body as { api_keys: unknown }).api_keys;
  if (!Array.isArray(entries)) return body;
  return entries.find((entry: unknown) => typeof entry === 'object' && entry !== null && 'api_key' in entry) ?? entries[0] ?? {};
}

export function parseChannelPage(body: unknown): Parsed<PartnerChannelPage> {
  const parsed = channelListSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemFields(parsed.error) };
  const { total, partner_channels } = parsed.data;
  return { ok: true, value: { total: total ?? partner_channels.length, partner_channels } };
}

export function parseApiKeyList(body: unknown): Parsed<ChannelApiKeyInfo[]> {
  const parsed = keyListSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemFields(parsed.error) };
  const keys = parsed.data.api_keys.map((key) => ({
    keyId: key.id,
    ...(key.address == null ? {} : { address: key.address }),
    ...(key.app_id == null ? {} : { appId: key.app_id }),
    ...(key.created_at == null ? {} : { createdAt: key.created_at }),
  }));
  return { ok: true, value: keys };
}

function problemFields(error: z.ZodError): string[] {
  const paths = error.issues.map((issue) => (issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.')));
  return [...new Set(paths)];
}
