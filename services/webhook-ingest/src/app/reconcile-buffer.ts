import type { BufferStore } from './ports';
import { releaseBufferedWebhooks } from './release-buffered-webhooks';

/**
 * The periodic safety net: learn WABA ids and phone numbers of linked channels from webhooks
 * stored since they were linked (a coexistence `history` names only those), then release every
 * buffered webhook that matches a linked channel now. It takes no buffer lock, so ingest never
 * waits for it: row locks and the `buffered` status keep each release single, and whatever an
 * ingest transaction buffers meanwhile is picked up by the next pass.
 */
export async function reconcileBuffer(store: BufferStore): Promise<number> {
  await store.learnChannelReferences();
  return releaseBufferedWebhooks(store);
}
