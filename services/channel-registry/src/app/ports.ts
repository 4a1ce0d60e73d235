import type { EventEnvelope } from '@chatpilot/contracts';

import type { Channel, ChannelLink } from '../domain/channel';
import type { ChannelFacts } from '../domain/channel-facts';
import type { SignalSource } from '../domain/status-mapping';

/** Channel rows as seen inside one transaction; `…ForUpdate` reads lock the row until commit. */
export interface ChannelStore {
  /** Inserts the link unless the channel id exists; true when this call inserted it. */
  insertIfAbsent(link: ChannelLink): Promise<boolean>;
  /** Relinks a revoked channel of the same tenant as a fresh link; the relinked channel when this call did. */
  relinkIfRevoked(link: ChannelLink): Promise<Channel | undefined>;
  findOwner(channelId: string): Promise<string | undefined>;
  findForUpdate(channelId: string): Promise<Channel | undefined>;
  /** The channel with this phone number (compared by digits), locked. */
  findByPhoneNumberForUpdate(phoneNumber: string): Promise<Channel | undefined>;
  /** Stores the channel's state and writes `events` (announcing it) to the outbox in the same statement. */
  save(channel: Channel, events?: readonly EventEnvelope[]): Promise<void>;
}

/** One database transaction: the state change and the events announcing it commit together. */
export interface RegistryTransaction {
  channels: ChannelStore;
  /** Writes the event to the outbox of this transaction. */
  publish(event: EventEnvelope): Promise<void>;
}

export interface UnitOfWork {
  run<T>(work: (transaction: RegistryTransaction) => Promise<T>): Promise<T>;
}

export interface ChannelPage {
  channels: Channel[];
  /** The last channel id of this page when more follow. */
  nextAfter: string | undefined;
  total: number;
}

export type ResolveKey = { channelId: string } | { wabaAccountId: string } | { phoneNumber: string };

/** Reads outside a transaction. */
export interface ChannelQueries {
  get(tenantId: string, channelId: string): Promise<Channel | undefined>;
  /** The tenant's channels ordered by channel id, after `after` when given. */
  list(tenantId: string, page: { size: number; after?: string }): Promise<ChannelPage>;
  resolve(key: ResolveKey): Promise<Channel | undefined>;
}

export interface ReconciliationPolicy {
  /** A channel not `running` this long after linking is re-read from the Partner API… */
  notRunningAfterMs: number;
  /** …at most this often. */
  recheckEveryMs: number;
  /** Every channel is re-read at least this often. */
  fullSweepEveryMs: number;
}

export interface ReconciliationQueue {
  /**
   * Claims up to `limit` channels due for a Partner API read and stamps them as read at `now`,
   * so concurrent replicas never claim the same channel and a failing read waits its turn again.
   */
  claimDue(now: Date, policy: ReconciliationPolicy, limit: number): Promise<string[]>;
  /**
   * Channels claimed at `claimedAt` but not read (the read failed, or the cycle stopped first)
   * come up again after `recheckEveryMs` instead of waiting for the next full sweep.
   */
  retryLater(channelIds: readonly string[], claimedAt: Date, policy: ReconciliationPolicy): Promise<void>;
}

/** 360dialog's view of a channel, through the Partner API. */
export interface PartnerChannelSource {
  /** False while the Partner API breaker is open. */
  isAvailable(): boolean;
  /** The channel's facts, or undefined when 360dialog does not list it. */
  fetch(channelId: string, signal: AbortSignal): Promise<ChannelFacts | undefined>;
}

export type ReconcileFetchOutcome = 'found' | 'not_found' | 'failed';

export type ObservationResult = 'applied' | 'unchanged' | 'ignored_stale' | 'ignored_revoked';

export interface RegistryMetrics {
  observation(source: SignalSource, result: ObservationResult): void;
  /** An event about a channel the registry does not know: counted and dropped (webhook-ingest buffers). */
  unknownChannelEvent(eventType: string): void;
  /** A 360dialog status the mapping table has no row for. */
  unmappedSignal(source: SignalSource, signal: string): void;
  reconcileFetch(outcome: ReconcileFetchOutcome): void;
  reconcileCycle(outcome: 'completed' | 'skipped_breaker_open' | 'interrupted_breaker_open' | 'failed'): void;
}

export interface Clock {
  now(): Date;
}
