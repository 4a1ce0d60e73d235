import type { Channel } from '../domain/channel';
import { applyObservation, type ChannelObservation } from '../domain/channel-observation';
import type { ObservationResult, RegistryMetrics, RegistryTransaction } from './ports';
import { channelQualityChanged, channelStatusChanged } from './registry-events';

/**
 * Applies 360dialog's news to a channel locked in this transaction and publishes what changed.
 * Webhooks and the reconciler both come through here, so a difference the reconciler finds is
 * stored and announced exactly as if its webhook had come.
 */
export async function recordObservation(
  transaction: RegistryTransaction,
  channel: Channel,
  news: ChannelObservation,
  metrics: RegistryMetrics,
): Promise<ObservationResult> {
  if (!news.mapped) metrics.unmappedSignal(news.source, news.signal);
  const outcome = applyObservation(channel, news);
  if (outcome.kind === 'ignored') {
    const result = outcome.reason === 'stale' ? 'ignored_stale' : 'ignored_revoked';
    metrics.observation(news.source, result);
    return result;
  }
  // Saved even when nothing visible changed: a webhook's time moves on, so older news stays out.
  await transaction.channels.save(outcome.channel, [
    ...(outcome.statusChange ? [channelStatusChanged(outcome.channel, outcome.statusChange)] : []),
    ...(outcome.qualityChange ? [channelQualityChanged(outcome.channel, outcome.qualityChange, news.observedAt)] : []),
  ]);
  const result = outcome.changed ? 'applied' : 'unchanged';
  metrics.observation(news.source, result);
  return result;
}
