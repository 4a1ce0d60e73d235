import { createHmac } from 'node:crypto';

/**
 * The `x-360dialog-signature` value: lowercase hex HMAC-SHA256 of the raw request body keyed
 * with the partner's platform secret (docs: "Signature validation"; hex without a `sha256=`
 * prefix is what public integrations verify against).
 */
export function signWebhookBody(rawBody: string | Buffer, platformSecret: string): string {
  return createHmac('sha256', platformSecret).update(rawBody).digest('hex');
}
