import type { Channel } from '../domain/channel';
import type { ChannelPage, ChannelQueries, ResolveKey } from './ports';

const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** One of the tenant's channels; another tenant's channel is indistinguishable from a missing one. */
export function getChannel(queries: ChannelQueries, tenantId: string, channelId: string): Promise<Channel | undefined> {
  return queries.get(tenantId, channelId);
}

export function listChannels(queries: ChannelQueries, tenantId: string, page: { size?: number; after?: string }): Promise<ChannelPage> {
  const size = Math.min(Math.max(page.size || DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  return queries.list(tenantId, { size, ...(page.after === undefined ? {} : { after: page.after }) });
}

/** The channel behind a channel id, WABA id or phone number, whoever owns it (callers are allow-listed). */
export function resolveChannel(queries: ChannelQueries, key: ResolveKey): Promise<Channel | undefined> {
  return queries.resolve(key);
}
