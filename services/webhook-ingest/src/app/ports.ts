import type { EventEnvelope } from '@chatpilot/contracts';

import type { IncomingWebhook, WebhookSource } from '../domain/incoming-webhook';
import type { LinkedChannel } from '../domain/linked-channel';
import type { PublishableWebhook } from '../domain/publication';
import type { WebhookReferences } from '../domain/webhook-references';
import type { WebhookStatus } from '../domain/webhook-status';

/** A parsed webhook about to be stored, with the exact body text it arrived as. */
export interface WebhookToStore extends IncomingWebhook {
  id: string;
  receivedAt: Date;
  bodyText: string;
}

/** `unstorable`: PostgreSQL refuses the body itself (e.g. `\u0000` in a string); retrying cannot help. */
export type StoreOutcome = 'stored' | 'duplicate' | 'unstorable';

/** The durable write path. Resolves only after commit; rejects when it cannot persist. */
export interface WebhookWriter {
  store(webhook: WebhookToStore): Promise<StoreOutcome>;
}

export interface StoredWebhookEvent {
  webhookEventId: string;
  event: string;
  source: WebhookSource;
  status: WebhookStatus;
  tenantId: string | null;
  references: WebhookReferences;
  receivedAt: Date;
  publishedAt: Date | null;
  /** The body as stored (JSON text). */
  payloadJson: string;
}

export interface WebhookEventReader {
  findByWebhookEventId(webhookEventId: string): Promise<StoredWebhookEvent | undefined>;
}

export interface BufferedWebhook extends PublishableWebhook {
  /** Arrival order. */
  seq: string;
}

export interface ReleasedWebhook {
  webhook: BufferedWebhook;
  tenantId: string;
  event: EventEnvelope;
}

/** The buffer and the linked-channel projection, inside one transaction. */
export interface BufferStore {
  /**
   * Waits for the ingest transactions in flight whose webhooks could match this channel (by what
   * the link, the projection and the stored webhooks say of it) and holds new ones back until
   * this transaction ends; webhooks of other channels go on. Rejects (the link is retried) when a
   * WABA or number learnt meanwhile is being written by another transaction.
   */
  lockOutIngest(channel: LinkedChannel): Promise<void>;
  /** Upserts the link, fills in the WABA id and phone number from webhooks already stored, returns the result. */
  saveLinkedChannel(channel: LinkedChannel): Promise<LinkedChannel>;
  /** Fills in missing WABA ids and phone numbers of every linked channel from stored webhooks, holding their buffer locks. */
  learnChannelReferences(): Promise<void>;
  /** Buffered webhooks matching `scope` (or any linked channel), locked, in arrival order after `afterSeq`. */
  findReleasable(scope: LinkedChannel | undefined, afterSeq: string, limit: number): Promise<BufferedWebhook[]>;
  linkedChannelsFor(references: readonly WebhookReferences[]): Promise<LinkedChannel[]>;
  /** Writes the events to the outbox and marks the webhooks published with their tenant. */
  publish(released: readonly ReleasedWebhook[]): Promise<void>;
  /** Marks buffered webhooks received before `cutoff` expired; returns what expired. */
  expireReceivedBefore(cutoff: Date, limit: number): Promise<{ event: string; source: WebhookSource }[]>;
  bufferState(): Promise<{ count: number; oldestAgeSeconds: number }>;
}

export interface BufferTransactions {
  run<T>(work: (store: BufferStore) => Promise<T>): Promise<T>;
}

export interface IngestMetrics {
  received(event: string, source: WebhookSource): void;
  duplicate(event: string): void;
  signatureFailure(reason: 'missing' | 'invalid'): void;
  /** A 2xx went out for an event that is committed (stored now, or a duplicate of one stored before). */
  acknowledgedAfterCommit(outcome: 'stored' | 'duplicate'): void;
  storageUnavailable(): void;
  /** Webhooks committed together in one group-commit transaction. */
  observeBatchSize(size: number): void;
  observeIngestSeconds(outcome: string, seconds: number): void;
  released(count: number): void;
  expired(event: string): void;
  bufferState(count: number, oldestAgeSeconds: number): void;
}
