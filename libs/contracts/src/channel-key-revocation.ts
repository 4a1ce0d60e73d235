/**
 * channel-registry's normalised statuses after which a channel may no longer send: its API key
 * is revoked when the channel moves into one of them. credential-vault acts on it; onboarding
 * also revokes a key that one of its sessions provisioned while the news was on its way.
 */
const KEY_REVOKING_STATUSES: ReadonlySet<string> = new Set(['offboarded', 'revoked']);

export function channelStatusRevokesKey(registryStatus: string): boolean {
  return KEY_REVOKING_STATUSES.has(registryStatus);
}
