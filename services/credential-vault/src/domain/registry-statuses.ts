/**
 * channel-registry's normalised statuses after which a channel may no longer send: its key is
 * revoked when `registry.channel.status_changed` moves a channel into one of them.
 */
const KEY_REVOKING_STATUSES: ReadonlySet<string> = new Set(['offboarded', 'revoked']);

export function revokesChannelKey(registryStatus: string): boolean {
  return KEY_REVOKING_STATUSES.has(registryStatus);
}
