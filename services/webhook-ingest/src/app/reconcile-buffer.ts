import type { BufferStore } from './ports';
import { releaseBufferedWebhooks } from './release-buffered-webhooks';

/**
 * The periodic safety net: learn WABA ids and phone numbers of linked channels from webhooks
 * stored since they were linked (a coexistence `history` names only those), then release every
 * buffered webhook that matches a linked channel now, in one transaction. Learning takes the
 * buffer lock of what it learns (ingest waits for it only then), so a webhook stored meanwhile is
 * released now, in order, not overtaken by a later one; row locks and the `buffered` status keep
 * each release single.
 */
export async function reconcileBuffer(store: BufferStore): Promise<number> {
  await store.learnChannelReferences();
  return releaseBufferedWebhooks(store);
}
