import type { LinkedChannel } from '../domain/linked-channel';
import { routeWebhook } from '../domain/webhook-routing';
import type { BufferStore, ReleasedWebhook } from './ports';

const PAGE_SIZE = 200;

/**
 * Publishes, in arrival order, the buffered webhooks that now match a linked channel (only those
 * of `scope` when given), inside the caller's transaction. The rows are locked and must still be
 * `buffered`, so each is published once however many releases run. Returns how many were released.
 */
export async function releaseBufferedWebhooks(store: BufferStore, scope?: LinkedChannel): Promise<number> {
  let released = 0;
  for (let afterSeq = '0'; ; ) {
    const page = await store.findReleasable(scope, afterSeq, PAGE_SIZE);
    if (page.length === 0) return released;
    const linked = await store.linkedChannelsFor(page.map((webhook) => webhook.references));
    const ready = page.flatMap((webhook): ReleasedWebhook[] => {
      const { tenantId, event } = routeWebhook(webhook, linked);
      return tenantId === undefined || event === undefined ? [] : [{ webhook, tenantId, event }];
    });
    await store.publish(ready);
    released += ready.length;
    afterSeq = page[page.length - 1]!.seq;
    if (page.length < PAGE_SIZE) return released;
  }
}
