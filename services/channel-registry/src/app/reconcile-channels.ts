import { partnerApiObservation } from '../domain/channel-observation';
import type { ChannelFacts } from '../domain/channel-facts';
import type { Clock, PartnerChannelSource, ReconciliationPolicy, ReconciliationQueue, RegistryMetrics, UnitOfWork } from './ports';
import { recordObservation } from './record-observation';

export interface ReconcileDependencies {
  queue: ReconciliationQueue;
  source: PartnerChannelSource;
  unitOfWork: UnitOfWork;
  metrics: RegistryMetrics;
  clock: Clock;
  policy: ReconciliationPolicy;
  batchSize: number;
}

export type ReconcileCycleOutcome = 'completed' | 'skipped_breaker_open' | 'interrupted_breaker_open';

export interface ReconcileCycleReport {
  outcome: ReconcileCycleOutcome;
  claimed: number;
  read: number;
  failed: number;
}

/**
 * One reconciliation cycle: claims the channels that are due, reads each from the Partner API
 * and applies what it finds like a webhook. With the breaker open the cycle does nothing (or
 * stops where it is); claimed channels it did not read come up again after `recheckEveryMs`.
 */
export async function reconcileDueChannels(deps: ReconcileDependencies, signal: AbortSignal): Promise<ReconcileCycleReport> {
  const report: ReconcileCycleReport = { outcome: 'completed', claimed: 0, read: 0, failed: 0 };
  if (!deps.source.isAvailable()) return finish(deps, { ...report, outcome: 'skipped_breaker_open' });
  const claimedAt = deps.clock.now();
  const due = await deps.queue.claimDue(claimedAt, deps.policy, deps.batchSize);
  report.claimed = due.length;
  const unread: string[] = [];
  for (const [index, channelId] of due.entries()) {
    if (signal.aborted || report.outcome !== 'completed') {
      unread.push(...due.slice(index));
      break;
    }
    const sentAt = deps.clock.now();
    const facts = await fetchFacts(deps, channelId, signal);
    if (facts === 'failed') {
      report.failed += 1;
      unread.push(channelId);
      if (!deps.source.isAvailable()) report.outcome = 'interrupted_breaker_open';
      continue;
    }
    report.read += 1;
    if (facts !== undefined) await applyFacts(deps, channelId, facts, sentAt);
  }
  await deps.queue.retryLater(unread, claimedAt, deps.policy);
  return finish(deps, report);
}

async function fetchFacts(deps: ReconcileDependencies, channelId: string, signal: AbortSignal): Promise<ChannelFacts | undefined | 'failed'> {
  try {
    const facts = await deps.source.fetch(channelId, signal);
    deps.metrics.reconcileFetch(facts === undefined ? 'not_found' : 'found');
    return facts;
  } catch {
    // The source logs the failure; the channel is read again on a later cycle.
    deps.metrics.reconcileFetch('failed');
    return 'failed';
  }
}

/** The read is dated when it was sent: a webhook received while it was under way may be newer than its answer. */
async function applyFacts(deps: ReconcileDependencies, channelId: string, facts: ChannelFacts, sentAt: Date): Promise<void> {
  const news = partnerApiObservation(facts, sentAt);
  await deps.unitOfWork.run(async (transaction) => {
    const channel = await transaction.channels.findForUpdate(channelId);
    if (channel !== undefined) await recordObservation(transaction, channel, news, deps.metrics);
  });
}

function finish(deps: ReconcileDependencies, report: ReconcileCycleReport): ReconcileCycleReport {
  deps.metrics.reconcileCycle(report.outcome);
  return report;
}
