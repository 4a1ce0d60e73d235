import type { EventEnvelope } from '@chatpilot/contracts';

import type { OnboardingSession, SessionStatus } from '../domain/session';
import type { StatusChange } from '../domain/session-transitions';

export interface SessionRepository {
  /** `lock: 'wait'` holds the row until the transaction ends; `'skip'` answers undefined when another holds it. */
  findById(id: string, lock?: 'wait' | 'skip'): Promise<OnboardingSession | undefined>;
  findByStateHash(stateHash: string): Promise<OnboardingSession | undefined>;
  findForTenant(tenantId: string, id: string): Promise<OnboardingSession | undefined>;
  findActiveForTenant(tenantId: string): Promise<OnboardingSession | undefined>;
  findByIdempotencyKey(tenantId: string, key: string): Promise<OnboardingSession | undefined>;
  listForTenant(tenantId: string, filter: { status?: SessionStatus; limit: number }): Promise<OnboardingSession[]>;
  /** 'conflict' when the tenant already has an active session or the Idempotency-Key is taken. */
  insert(session: OnboardingSession, stateHash: string): Promise<'inserted' | 'conflict'>;
  /**
   * Stores `next` only if the row is still at `expectedVersion`. With `consumeState` the state
   * must also be unused and unexpired (by the database clock) — the single-use guarantee.
   * `events` go to the outbox in the same statement, if it stored the session.
   */
  save(next: OnboardingSession, expectedVersion: number, options?: { consumeState?: boolean; events?: readonly EventEnvelope[] }): Promise<boolean>;
  /** Swaps the state token of a still-pending, unused session (an Idempotency-Key replay). */
  replaceStateHash(sessionId: string, expectedVersion: number, stateHash: string): Promise<boolean>;
  /** Pending sessions whose state expired. */
  findExpiredPendingIds(limit: number): Promise<string[]>;
  /** Sessions with a saga step to perform that nobody drove since `idleSince`, or past their activation deadline. */
  findIdsToDrive(query: { idleSince: Date; activatingBefore: Date; limit: number }): Promise<string[]>;
  markDriven(id: string): Promise<void>;
  /** Sessions in one of `statuses` that include the channel, oldest first, each locked until the transaction ends. */
  lockWithChannel(channelId: string, statuses: readonly SessionStatus[]): Promise<OnboardingSession[]>;
  countByStatus(): Promise<Map<SessionStatus, number>>;
}

export interface HistorySyncProgress {
  phase: number;
  /** Overall percentage as 360dialog reports it. */
  progress: number;
  chunks: number;
  messages: number;
  updatedAt: Date;
}

/** What onboarding has learned about one channel, from events and registry look-ups. */
export interface ChannelProgress {
  channelId: string;
  /** The owning tenant, once the registry told us. */
  tenantId: string | null;
  phoneNumber: string | null;
  status: string | null;
  statusChangedAt: Date | null;
  keyGeneration: number | null;
  keyProvisionedAt: Date | null;
  keyRevokedAt: Date | null;
  webhookConfigured: boolean;
  history: HistorySyncProgress | null;
}

export interface ChannelProgressRepository {
  findMany(channelIds: readonly string[]): Promise<Map<string, ChannelProgress>>;
  /**
   * Ignored when an equally new or newer status is already known. True when this status is the
   * channel's latest known one (just recorded, or recorded before with the same time).
   */
  recordStatus(channelId: string, status: string, changedAt: Date): Promise<boolean>;
  recordOwner(channelId: string, tenantId: string, phoneNumber: string | null): Promise<void>;
  recordKey(channelId: string, key: { generation: number; provisionedAt: Date; webhookConfigured?: boolean }): Promise<void>;
  recordKeyRevoked(channelId: string, at: Date): Promise<void>;
  recordHistoryChunk(channelId: string, chunk: { phase: number; progress: number; messages: number; at: Date }): Promise<void>;
}

export interface TenantRepository {
  /** Until the transaction ends: the tenant's other starts wait here, so they take turns. */
  lockStarts(tenantId: string): Promise<void>;
  isDisabled(tenantId: string): Promise<boolean>;
  setDisabled(tenantId: string, disabled: boolean, reason: string | null): Promise<void>;
}

/** The repositories, bound to one transaction (or to none, for reads). */
export interface OnboardingStore {
  sessions: SessionRepository;
  channels: ChannelProgressRepository;
  tenants: TenantRepository;
  /** Runs `effect` once the transaction commits, never if it rolls back (metrics count what happened). */
  afterCommit(effect: () => void): void;
}

export interface TransactionRunner {
  inTransaction<T>(work: (store: OnboardingStore) => Promise<T>): Promise<T>;
  /** For reads only: saving with events refuses to write outside a transaction. */
  readonly reader: OnboardingStore;
}

export type LinkOutcome = 'linked' | 'already_linked' | 'owned_by_other_tenant';

export interface RegisteredChannel {
  channelId: string;
  tenantId: string | null;
  status: string | null;
  statusChangedAt: Date | null;
  phoneNumber: string | null;
}

/** channel-registry over gRPC. Every method rejects with DependencyUnavailableError when it cannot answer. */
export interface ChannelRegistry {
  /** Rejects with ChannelRegistryRefusedError when the registry refuses the request itself. */
  linkChannels(request: { tenantId: string; sessionId: string; clientId: string; channelIds: readonly string[] }): Promise<Map<string, LinkOutcome>>;
  /** undefined when the channel is unknown or another tenant's. */
  getChannel(tenantId: string, channelId: string): Promise<RegisteredChannel | undefined>;
  listTenantChannels(tenantId: string): Promise<RegisteredChannel[]>;
  /** The channel behind a WABA id or phone number (coexistence history names only those), with its tenant. */
  resolveChannel(key: { wabaAccountId: string } | { phoneNumber: string }): Promise<{ channelId: string; tenantId: string } | undefined>;
  /** Revokes the tenant's own channels among `channelIds` and returns them (others are left alone); may reject like linkChannels. */
  markRevoked(tenantId: string, channelIds: readonly string[], reason: string): Promise<string[]>;
  /** False while the client's circuit breaker is open. */
  isAvailable(): boolean;
}

export interface ProvisionedKey {
  generation: number;
  provisionedAt: Date;
  webhookConfigured: boolean;
}

/** credential-vault over gRPC. Every method rejects with DependencyUnavailableError when it cannot answer. */
export interface CredentialVault {
  provisionChannelKey(tenantId: string, channelId: string): Promise<ProvisionedKey>;
  /** Resolves also when there was no key or it was already revoked. */
  revokeChannelKey(channelId: string, reason: string): Promise<void>;
  isAvailable(): boolean;
}

/** A dependency did not answer (down, timed out, breaker open): try the step again later. */
export class DependencyUnavailableError extends Error {
  readonly retryable = true;

  constructor(
    readonly dependency: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DependencyUnavailableError';
  }
}

/** The vault refused to provision a key for good (360dialog rejected the request): retrying cannot help. */
export class ChannelKeyRefusedError extends Error {
  readonly retryable = false;

  constructor(
    readonly channelId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ChannelKeyRefusedError';
  }
}

/** The registry refused a saga request for good (e.g. an id it does not accept): retrying cannot help. */
export class ChannelRegistryRefusedError extends Error {
  readonly retryable = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChannelRegistryRefusedError';
  }
}

export interface Clock {
  now(): Date;
}

export interface SessionMetrics {
  started(): void;
  transitioned(change: StatusChange, session: OnboardingSession): void;
  callbackAnswered(outcome: string): void;
}
