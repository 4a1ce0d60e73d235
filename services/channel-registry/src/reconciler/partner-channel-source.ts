import type { PartnerApiClient } from '@chatpilot/d360-client';
import type { Logger } from '@chatpilot/logger';

import type { PartnerChannelSource } from '../app/ports';
import { readChannelFacts } from '../domain/channel-facts';
import type { TokenBucket } from './token-bucket';

/**
 * Channels read from the 360dialog Partner API (`GET /partners/{pid}/channels?filters={"id":…}`)
 * through the client's breaker and retries, each read first taking a token from the rate limit.
 */
export function createPartnerChannelSource(deps: { client: PartnerApiClient; rateLimit: TokenBucket; logger: Logger }): PartnerChannelSource {
  return {
    isAvailable: () => deps.client.isAvailable(),
    fetch: async (channelId, signal) => {
      await deps.rateLimit.take(signal);
      try {
        const channel = await deps.client.getChannel(channelId, { signal });
        return channel === undefined ? undefined : readChannelFacts(channel);
      } catch (error) {
        deps.logger.warn({ err: error, channel_id: channelId }, 'Partner API channel read failed');
        throw error;
      }
    },
  };
}
