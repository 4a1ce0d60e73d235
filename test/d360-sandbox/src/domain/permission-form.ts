/** Fields posted by the sandbox's hosted permission page (see http/permission-page-html.ts). */
export interface PermissionFormFields {
  action?: unknown;
  phone_numbers?: unknown;
  display_name?: unknown;
  email?: unknown;
  coexistence?: unknown;
  share_history?: unknown;
  /** Every existing channel shown on the page, and the ones whose permission stays checked. */
  existing_channel?: unknown;
  keep_channel?: unknown;
}

export interface PermissionGrant {
  phoneNumbers: string[];
  displayName: string;
  email: string | null;
  coexistence: boolean;
  shareHistory: boolean;
  keptChannelIds: string[];
  revokedChannelIds: string[];
}

export type PermissionDecision = { kind: 'cancel' } | { kind: 'grant'; grant: PermissionGrant } | { kind: 'invalid'; problem: string };

export function decidePermission(fields: PermissionFormFields): PermissionDecision {
  if (fields.action === 'cancel') return { kind: 'cancel' };
  const numbers = splitList(fields.phone_numbers).map(normalizePhoneNumber);
  const bad = numbers.find((n) => n.startsWith('!'));
  if (bad !== undefined) return { kind: 'invalid', problem: `"${bad.slice(1)}" is not a valid phone number with country code.` };

  const existing = asList(fields.existing_channel);
  const kept = asList(fields.keep_channel).filter((id) => existing.includes(id));
  const revoked = existing.filter((id) => !kept.includes(id));
  if (numbers.length === 0 && kept.length === 0 && revoked.length === 0) {
    return { kind: 'invalid', problem: 'Enter at least one phone number.' };
  }
  const displayName = typeof fields.display_name === 'string' ? fields.display_name.trim() : '';
  const email = typeof fields.email === 'string' && fields.email.trim() !== '' ? fields.email.trim() : null;
  const coexistence = fields.coexistence === 'on' || fields.coexistence === 'true';
  return {
    kind: 'grant',
    grant: {
      phoneNumbers: [...new Set(numbers)],
      displayName: displayName === '' ? 'Sandbox Business' : displayName,
      email,
      coexistence,
      shareHistory: coexistence && fields.share_history === 'yes',
      keptChannelIds: kept,
      revokedChannelIds: revoked,
    },
  };
}

/** `+` and 8–15 digits (E.164); a leading `00` counts as `+`. Invalid input comes back as `!<input>`. */
export function normalizePhoneNumber(raw: string): string {
  const compact = raw.replace(/[\s().-]/g, '').replace(/^00/, '+');
  return /^\+?[1-9]\d{7,14}$/.test(compact) ? `+${compact.replace(/^\+/, '')}` : `!${raw}`;
}

function splitList(value: unknown): string[] {
  return asList(value)
    .flatMap((v) => v.split(/[,;\n]/))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
