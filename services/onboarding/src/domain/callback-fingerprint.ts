import { createHash } from 'node:crypto';

import type { CallbackGrant } from './session';

/**
 * Identifies a callback's grant independent of parameter order, so a browser refresh of the same
 * redirect is recognised while a used state presented with other values is not.
 */
export function fingerprintGrant(grant: CallbackGrant): string {
  const canonical = JSON.stringify({
    client: grant.clientId,
    channels: [...grant.channelIds].sort(),
    revoked: [...grant.revokedChannelIds].sort(),
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
