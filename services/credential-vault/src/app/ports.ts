import type { EventEnvelope } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { ChannelKey, StoredCredential } from '../domain/channel-key';
import type { Keyring } from '../domain/keyring';
import type { SealedApiKey } from '../domain/sealed-api-key';

/** One line of the audit log: who did what to which channel, and how it ended. Never a secret. */
export interface AuditEntry {
  caller: string;
  method: string;
  tenantId: string | null;
  channelId: string | null;
  /** 'OK' or the failure's error code. */
  outcome: string;
  generation: number | null;
  /** Extra context such as a revocation reason; never a key, token or ciphertext. */
  detail: string | null;
  occurredAt: Date;
}

export interface RecordedAuditEntry extends AuditEntry {
  id: string;
}

/** Work on the vault's tables inside one database transaction. */
export interface VaultTransaction {
  /** Serialises work on one channel across every replica until the transaction ends. */
  lockChannel(channelId: string): Promise<void>;
  findChannelKey(channelId: string): Promise<ChannelKey | undefined>;
  /** Inserts or replaces the channel's row. */
  saveChannelKey(key: ChannelKey): Promise<void>;
  /** Active keys not sealed with `currentKeyId`, in channel order after `afterChannelId`, row-locked. */
  claimKeysToRewrap(currentKeyId: string, afterChannelId: string, limit: number): Promise<ChannelKey[]>;
  replaceSealedKey(channelId: string, sealed: SealedApiKey): Promise<void>;
  /** Stamps the webhook registered with the key of this generation (a newer key keeps its own state). */
  markWebhookRegistered(channelId: string, generation: number, url: string): Promise<void>;
  recordAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Writes the event to the outbox: published if and only if the transaction commits. */
  enqueueEvent(event: EventEnvelope): Promise<void>;
}

/** A sender's read of a channel's key, audited by the store in the same statement. */
export interface AuditedRead {
  channelId: string;
  /** The tenant the caller named, if any. */
  tenantId: string | undefined;
  caller: string;
  method: string;
  occurredAt: Date;
}

export interface VaultStore {
  transaction<T>(work: (tx: VaultTransaction) => Promise<T>): Promise<T>;
  findChannelKey(channelId: string): Promise<ChannelKey | undefined>;
  /**
   * The hot read path: returns what a sender needs of the channel's row and, atomically with the read, appends its
   * audit entry, whose outcome follows the row exactly as requireActiveKey and requireSameTenant
   * judge it (VAULT.CHANNEL_KEY_NOT_FOUND, VAULT.CHANNEL_KEY_REVOKED, VAULT.TENANT_MISMATCH or OK).
   * Rejects with VAULT.AUDIT_UNAVAILABLE, returning nothing, when the entry cannot be written.
   */
  readChannelKeyAudited(read: AuditedRead): Promise<StoredCredential | undefined>;
  countKeysNotOn(currentKeyId: string): Promise<number>;
  listAudit(query: { channelId: string; limit: number }): Promise<RecordedAuditEntry[]>;
}

/** Audit writes that are durable when `record` resolves; a rejection means the entry was not stored. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}

export interface IssuedPartnerKey {
  apiKey: string;
  address: string;
  d360KeyId?: string;
  appId?: string;
}

/** 360dialog's Partner API, as far as the vault uses it. */
export interface PartnerApi {
  /** A new key for the channel; 360dialog revokes the channel's previous keys. */
  createChannelApiKey(channelId: string): Promise<IssuedPartnerKey>;
}

/** 360dialog's Messaging API, as far as the vault uses it. */
export interface ChannelWebhooks {
  register(request: { address: string; apiKey: string; url: string }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface VaultDependencies {
  store: VaultStore;
  auditTrail: AuditTrail;
  keyring: Keyring;
  partnerApi: PartnerApi;
  webhooks: ChannelWebhooks;
  /** CHANNEL_WEBHOOK_URL; undefined when numbers' webhooks are configured elsewhere. */
  channelWebhookUrlTemplate: string | undefined;
  /**
   * Issuing a key holds a database connection (the channel's lock) across the 360dialog call; this
   * bounds how many do so at once, so a slow 360dialog cannot take the connections reads need.
   */
  provisioning: { run<T>(task: () => Promise<T>): Promise<T> };
  clock: Clock;
  logger: Logger;
}

/** Who is asking: the authenticated gRPC caller, an event, or an operator's CLI. */
export interface CallContext {
  caller: string;
}
