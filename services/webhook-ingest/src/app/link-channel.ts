import { linkedChannelFrom, type ChannelLinkedFacts } from '../domain/linked-channel';
import type { BufferStore } from './ports';
import { releaseBufferedWebhooks } from './release-buffered-webhooks';

/**
 * `registry.channel.linked`: remember whose channel it is and release what was buffered for it,
 * all in the inbox transaction. Returns how many buffered webhooks were published.
 */
export async function linkChannel(store: BufferStore, facts: ChannelLinkedFacts): Promise<number> {
  const link = linkedChannelFrom(facts);
  await store.lockOutIngest(link);
  const channel = await store.saveLinkedChannel(link);
  return releaseBufferedWebhooks(store, channel);
}
