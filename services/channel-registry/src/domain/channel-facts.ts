/**
 * What a 360dialog channel object says, read leniently: partner webhooks carry it as `data` and
 * the Partner API lists it in `partner_channels`. A field that is missing or of an unexpected
 * type is simply not known; 360dialog adds and changes fields without notice.
 */
export interface ChannelFacts {
  status?: string;
  integrationState?: string;
  /** `terminated_at` is set. */
  terminated: boolean;
  qualityRating?: string;
  messagingLimit?: string;
  accountMode?: string;
  coexistence?: boolean;
  phoneNumber?: string;
  displayName?: string;
  wabaAccountId?: string;
}

export function readChannelFacts(channel: unknown): ChannelFacts {
  return {
    status: textAt(channel, 'status'),
    integrationState: textAt(channel, 'integration', 'state'),
    terminated: textAt(channel, 'terminated_at') !== undefined,
    qualityRating: textAt(channel, 'current_quality_rating'),
    messagingLimit: textAt(channel, 'current_limit'),
    accountMode: textAt(channel, 'account_mode'),
    // `is_on_biz_app` is seen in one public client, `setup_info.was_in_use` in another (both unconfirmed).
    coexistence: booleanAt(channel, 'is_on_biz_app') ?? booleanAt(channel, 'setup_info', 'was_in_use'),
    // channel_created also carries phone_number/phone_name flat, next to the channel object's fields.
    phoneNumber: textAt(channel, 'setup_info', 'phone_number') ?? textAt(channel, 'phone_number'),
    displayName: textAt(channel, 'setup_info', 'phone_name') ?? textAt(channel, 'phone_name'),
    wabaAccountId: textAt(channel, 'waba_account', 'id'),
  };
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A non-blank string, or a number as 360dialog sends some ids. */
function textAt(value: unknown, ...path: string[]): string | undefined {
  const found = valueAt(value, path);
  if (typeof found === 'number' && Number.isFinite(found)) return String(found);
  if (typeof found !== 'string') return undefined;
  const trimmed = found.trim();
  return trimmed === '' ? undefined : trimmed;
}

function booleanAt(value: unknown, ...path: string[]): boolean | undefined {
  const found = valueAt(value, path);
  return typeof found === 'boolean' ? found : undefined;
}
