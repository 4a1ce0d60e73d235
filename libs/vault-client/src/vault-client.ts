import { createGrpcClient, loadProtoPackage, type ClientTlsOptions, type GrpcClientOptions } from '@chatpilot/grpc';
import type { CredentialVaultClient } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/CredentialVault';
import type { ProtoGrpcType as VaultProto } from '@chatpilot/grpc/src/generated/vault';
import { createCredentialsCache } from './credentials-cache';
import { toChannelKeyInfo, type ChannelCredentials, type ChannelKeyInfo } from './vault-types';

export interface VaultClientOptions {
  /** host:port of credential-vault's gRPC server. */
  address: string;
  /** This caller's bearer token (the vault knows only its SHA-256). */
  token: string;
  /** Deadline of every call, retries included; defaults to 2000 ms. */
  deadlineMs?: number;
  /** Retries of UNAVAILABLE answers; defaults to 3 attempts, 50-500 ms backoff. `false` turns them off. */
  retry?: GrpcClientOptions['retry'] | false;
  /** Defaults to opening after 5+ calls at 50% failures, probing again after 10 s. `false` turns it off. */
  breaker?: GrpcClientOptions['breaker'] | false;
  /** Keep credentials this long in memory (0, the default, caches nothing; at most 5 minutes). */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  tls?: ClientTlsOptions;
  /** Clock of the cache, for tests. */
  now?: () => number;
}

export interface VaultClient {
  /** The channel's key for sending; with `tenantId`, the vault checks the channel belongs to it. */
  getChannelCredentials(channelId: string, options?: { tenantId?: string }): Promise<ChannelCredentials>;
  describeChannelKey(channelId: string): Promise<ChannelKeyInfo>;
  provisionChannelKey(request: { tenantId: string; channelId: string; forceRotate?: boolean }): Promise<{ key: ChannelKeyInfo; created: boolean }>;
  storeChannelKey(request: { tenantId: string; channelId: string; apiKey: string; address: string }): Promise<ChannelKeyInfo>;
  revokeChannelKey(channelId: string, reason: string): Promise<{ key: ChannelKeyInfo; revoked: boolean }>;
  /** Drops the cached credentials of a channel, e.g. after the Messaging API answered 401. */
  invalidate(channelId: string): void;
  breakerState(): 'open' | 'halfOpen' | 'closed' | undefined;
  close(): void;
}

const MAX_CACHE_TTL_MS = 5 * 60_000;
const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 };
const DEFAULT_BREAKER = { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 10_000 };

/**
 * credential-vault over gRPC. Calls reject with the vault's gRPC ServiceError (its `details`
 * start with a stable code such as `VAULT.CHANNEL_KEY_NOT_FOUND`) or, while the breaker is
 * open, with CircuitOpenError — without waiting.
 */
export function createVaultClient(options: VaultClientOptions): VaultClient {
  const cacheTtlMs = options.cacheTtlMs ?? 0;
  if (cacheTtlMs < 0 || cacheTtlMs > MAX_CACHE_TTL_MS) throw new RangeError(`cacheTtlMs must be between 0 and ${MAX_CACHE_TTL_MS}`);
  const { CredentialVault } = loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1;
  const connect = (retried: boolean, breakerName: string) =>
    createGrpcClient<CredentialVaultClient>(CredentialVault, {
      address: options.address,
      token: options.token,
      deadlineMs: options.deadlineMs ?? 2_000,
      ...(options.retry === false || !retried ? {} : { retry: options.retry ?? DEFAULT_RETRY }),
      ...(options.breaker === false ? {} : { breaker: { name: breakerName, ...(options.breaker ?? DEFAULT_BREAKER) } }),
      ...(options.tls ? { tls: options.tls } : {}),
    });
  const client = connect(true, `credential-vault ${options.address}`);
  // A forced rotation answered UNAVAILABLE may still have issued a key at 360dialog; another
  // attempt would issue (and revoke) yet another, so those calls go through a client without retries.
  const unretriedClient = options.retry === false ? client : connect(false, `credential-vault ${options.address} (unretried)`);
  const cache = createCredentialsCache<ChannelCredentials>({ ttlMs: cacheTtlMs, maxEntries: options.cacheMaxEntries ?? 10_000, ...(options.now ? { now: options.now } : {}) });

  const fetchCredentials = async (channelId: string, tenantId: string | undefined): Promise<ChannelCredentials> => {
    const response = await client.unary('GetChannelCredentials', { channel_id: channelId, tenant_id: tenantId ?? '' });
    return { channelId: response.channel_id, tenantId: response.tenant_id, apiKey: response.api_key, address: response.address, generation: response.generation };
  };

  return {
    getChannelCredentials: (channelId, { tenantId } = {}) => {
      if (cacheTtlMs === 0) return fetchCredentials(channelId, tenantId);
      return cache.get(`${channelId}\0${tenantId ?? ''}`, () => fetchCredentials(channelId, tenantId));
    },
    describeChannelKey: async (channelId) => toChannelKeyInfo(await client.unary('DescribeChannelKey', { channel_id: channelId })),
    provisionChannelKey: async ({ tenantId, channelId, forceRotate = false }) => {
      const caller = forceRotate ? unretriedClient : client;
      const response = await caller.unary('ProvisionChannelKey', { tenant_id: tenantId, channel_id: channelId, force_rotate: forceRotate });
      return { key: toChannelKeyInfo(response.key), created: response.created };
    },
    storeChannelKey: async ({ tenantId, channelId, apiKey, address }) => {
      const response = await client.unary('StoreChannelKey', { tenant_id: tenantId, channel_id: channelId, api_key: apiKey, address });
      return toChannelKeyInfo(response.key);
    },
    revokeChannelKey: async (channelId, reason) => {
      const response = await client.unary('RevokeChannelKey', { channel_id: channelId, reason });
      cache.invalidate(`${channelId}\0`);
      return { key: toChannelKeyInfo(response.key), revoked: response.revoked };
    },
    invalidate: (channelId) => cache.invalidate(`${channelId}\0`),
    breakerState: () => client.breakerState(),
    close: () => {
      client.close();
      if (unretriedClient !== client) unretriedClient.close();
    },
  };
}
