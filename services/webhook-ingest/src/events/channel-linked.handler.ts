import type { EventHandlers } from '@chatpilot/messaging';

import { linkChannel } from '../app/link-channel';
import type { IngestMetrics } from '../app/ports';
import { createBufferStore } from '../db/buffer.repository';

/** `registry.channel.linked` → the projection and the buffer, in the inbox transaction. */
export function channelLinkedHandlers(metrics: IngestMetrics): EventHandlers {
  return {
    'registry.channel.linked': async (event, { entityManager, logger }) => {
      const released = await linkChannel(createBufferStore(entityManager), event.data);
      metrics.released(released);
      logger.info({ channel_id: event.data.channel_id, released }, 'channel linked; buffered webhooks released');
    },
  };
}
