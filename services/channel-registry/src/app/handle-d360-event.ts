import type { Channel } from '../domain/channel';
import { readChannelFacts } from '../domain/channel-facts';
import { webhookObservation } from '../domain/channel-observation';
import type { ObservationResult, RegistryMetrics, RegistryTransaction } from './ports';
import { recordObservation } from './record-observation';

/** A normalised 360dialog partner webhook as webhook-ingest publishes it (`d360.<event>`). */
export interface D360ChannelEvent {
  /** The bus event type, e.g. `d360.channel_running`. */
  type: string;
  /** 360dialog's event name, e.g. `channel_running`. */
  event: string;
  channelId?: string;
  phoneNumber?: string;
  /** When webhook-ingest received the webhook: 360dialog's envelope carries no time of its own. */
  receivedAt: Date;
  /** 360dialog's `data`: the channel object for channel events. */
  payload: Record<string, unknown>;
}

export type D360EventResult = ObservationResult | 'unknown_channel';

/**
 * Applies a status, restriction, cancellation or offboarding webhook to its channel, inside the
 * inbox transaction. An event for a channel the registry does not know is counted and dropped:
 * webhook-ingest holds events back until the channel is linked, so nothing is lost.
 */
export async function handleD360Event(transaction: RegistryTransaction, event: D360ChannelEvent, metrics: RegistryMetrics): Promise<D360EventResult> {
  const channel = await findChannel(transaction, event);
  if (channel === undefined) {
    metrics.unknownChannelEvent(event.type);
    return 'unknown_channel';
  }
  const news = webhookObservation(event.event, accountUpdateEventOf(event), readChannelFacts(event.payload), event.receivedAt);
  return recordObservation(transaction, channel, news, metrics);
}

function findChannel(transaction: RegistryTransaction, event: D360ChannelEvent): Promise<Channel | undefined> {
  if (event.channelId !== undefined) return transaction.channels.findForUpdate(event.channelId);
  if (event.phoneNumber !== undefined) return transaction.channels.findByPhoneNumberForUpdate(event.phoneNumber);
  return Promise.resolve(undefined);
}

/** Meta `account_update` webhooks name what happened in their value's `event` (e.g. ACCOUNT_OFFBOARDED). */
function accountUpdateEventOf(event: D360ChannelEvent): string | undefined {
  if (event.event !== 'account_update') return undefined;
  const inner = event.payload.event;
  return typeof inner === 'string' ? inner : undefined;
}
