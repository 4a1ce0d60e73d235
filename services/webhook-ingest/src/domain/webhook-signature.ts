import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'missing' | 'invalid' | 'not_configured';

export interface SignatureVerifier {
  /** False when no secret is configured: every request is accepted unverified. */
  readonly enabled: boolean;
  verify(rawBody: Buffer, header: string | undefined): SignatureCheck;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const OPTIONAL_PREFIX = /^sha256=/i;

/**
 * `x-360dialog-signature` = hex HMAC-SHA256 of the raw body bytes with the platform secret; an
 * optional `sha256=` prefix is accepted. Several secrets may be valid at once (rotation).
 */
export function createSignatureVerifier(secrets: readonly string[]): SignatureVerifier {
  const keys = secrets.filter((secret) => secret.length > 0);
  return {
    enabled: keys.length > 0,
    verify: (rawBody, header) => {
      if (keys.length === 0) return 'not_configured';
      if (header === undefined || header.trim() === '') return 'missing';
      const presented = header.trim().replace(OPTIONAL_PREFIX, '');
      // A fixed-length check first: timingSafeEqual needs equal lengths, and the length of a
      // well-formed signature is public anyway.
      if (!HEX_SHA256.test(presented)) return 'invalid';
      const digest = Buffer.from(presented, 'hex');
      // Every secret is tried, matched or not, so timing does not reveal which one matched.
      const matches = keys.reduce((found, key) => timingSafeEqual(hmac(key, rawBody), digest) || found, false);
      return matches ? 'valid' : 'invalid';
    },
  };
}

export function signWebhookBody(rawBody: Buffer | string, secret: string): string {
  return hmac(secret, rawBody).toString('hex');
}

function hmac(key: string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(body).digest();
}
