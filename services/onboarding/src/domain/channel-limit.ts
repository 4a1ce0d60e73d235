/** Registry statuses of channels that no longer occupy one of the tenant's places. */
const RELEASED_STATUSES: ReadonlySet<string> = new Set(['revoked', 'offboarded']);

export interface TenantChannel {
  channelId: string;
  status: string | null;
}

/** The tenant's channels that count towards MAX_CHANNELS_PER_TENANT. */
export function countedChannelIds(channels: readonly TenantChannel[]): Set<string> {
  return new Set(channels.filter((channel) => channel.status === null || !RELEASED_STATUSES.has(channel.status)).map((channel) => channel.channelId));
}

/** Whether linking `requested` would take the tenant past `max` (channels it already has do not count twice). */
export function exceedsChannelLimit(existing: readonly TenantChannel[], requested: readonly string[], max: number): boolean {
  const counted = countedChannelIds(existing);
  const added = requested.filter((channelId) => !counted.has(channelId)).length;
  return added > 0 && counted.size + added > max;
}
