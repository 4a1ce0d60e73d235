import { linkedChannelFrom, type ChannelLinkedFacts } from '../domain/linked-channel';
import type { BufferStore } from './ports';
import { releaseBufferedWebhooks } from './release-buffered-webhooks';

/**
 * `registry.channel.linked`: remember whose channel it is and release what was buffered for it,
 * all in the inbox transaction. Returns how many buffered webhooks were published.
 */
export async function linkChannel(store: BufferStore, facts: ChannelLinkedFacts): Promise<number> {
  await store.lockOutIngest();
  const channel = await store.saveLinkedChannel(linkedChannelFrom(facts));
  return releaseBufferedWebhooks(store, channel);
}
