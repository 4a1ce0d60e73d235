import { createHash } from 'node:crypto';

import { plainTextSchema } from '@chatpilot/contracts';
import { z } from 'zod';

/**
 * Languages 360dialog's permission page accepts for `lang` (connect-button README:
 * `lang?: 'de' | 'en' | 'pt'`; see /work/shared/reference/360dialog.md §1.2).
 */
const PERMISSION_PAGE_LANGUAGES = ['de', 'en', 'pt'] as const;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** Optional pre-fill for 360dialog's permission page, plus `replace` (supersede an active session). */
export const startRequestSchema = z.strictObject({
  phone_number: z.string().regex(E164, 'must be an E.164 number such as +4915112345678').optional(),
  email: z.email('must be an e-mail address').max(254).optional(),
  name: plainTextSchema(100).optional(),
  lang: z.enum(PERMISSION_PAGE_LANGUAGES, { error: `must be one of ${PERMISSION_PAGE_LANGUAGES.join(', ')}` }).optional(),
  replace: z.boolean().optional(),
});

export type StartRequest = z.output<typeof startRequestSchema>;

export interface OnboardingPrefill {
  phoneNumber?: string;
  email?: string;
  name?: string;
  lang?: (typeof PERMISSION_PAGE_LANGUAGES)[number];
}

export function prefillOf(request: StartRequest): OnboardingPrefill {
  const prefill: OnboardingPrefill = {};
  if (request.phone_number !== undefined) prefill.phoneNumber = request.phone_number;
  if (request.email !== undefined) prefill.email = request.email;
  if (request.name !== undefined) prefill.name = request.name;
  if (request.lang !== undefined) prefill.lang = request.lang;
  return prefill;
}

/** Idempotency-Key: an opaque client value; bounded and printable so it can be stored and logged. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Identifies a start request's content, so an Idempotency-Key reused with another body is noticed. */
export function fingerprintStartRequest(request: StartRequest): string {
  const canonical = JSON.stringify([request.phone_number, request.email, request.name, request.lang, request.replace === true]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
