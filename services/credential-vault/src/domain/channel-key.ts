import type { SealedApiKey } from './sealed-api-key';
import { VaultError } from './vault-errors';

export type ChannelKeyStatus = 'active' | 'revoked';

/** A channel's stored API key: one row per channel, rotated in place, wiped on revocation. */
export interface ChannelKey {
  tenantId: string;
  channelId: string;
  status: ChannelKeyStatus;
  /** The sealed key while active; null once revoked (wiped). */
  sealedKey: string | null;
  encryptionKeyId: string | null;
  apiKeyLast4: string;
  /** The Messaging API base URL the key works against. */
  address: string;
  /** 1 for the channel's first key; +1 for every rotation or re-provisioning. */
  generation: number;
  d360KeyId: string | null;
  appId: string | null;
  /** The number's webhook URL registered with this key, if any. */
  webhookUrl: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** What a sender's read needs of the row. */
export type StoredCredential = Pick<ChannelKey, 'tenantId' | 'channelId' | 'status' | 'sealedKey' | 'address' | 'generation'>;

/** A key as anyone but the vault may see it. */
export type MaskedChannelKey = Omit<ChannelKey, 'sealedKey'>;

export interface IssuedKey {
  tenantId: string;
  channelId: string;
  apiKey: string;
  sealed: SealedApiKey;
  address: string;
  d360KeyId?: string;
  appId?: string;
}

/**
 * The row after a new key was issued for the channel: the first one, or a replacement of the
 * previous (active or revoked) one, which keeps its creation time and counts up the generation.
 */
export function issueChannelKey(previous: ChannelKey | undefined, issued: IssuedKey, now: Date): ChannelKey {
  return {
    tenantId: issued.tenantId,
    channelId: issued.channelId,
    status: 'active',
    sealedKey: issued.sealed.sealed,
    encryptionKeyId: issued.sealed.keyId,
    apiKeyLast4: lastFour(issued.apiKey),
    address: issued.address,
    generation: (previous?.generation ?? 0) + 1,
    d360KeyId: issued.d360KeyId ?? null,
    appId: issued.appId ?? null,
    webhookUrl: null,
    createdAt: previous?.createdAt ?? now,
    rotatedAt: previous ? now : null,
    revokedAt: null,
    revokeReason: null,
  };
}

/** The row after revocation: the ciphertext is gone for good. */
export function revokeChannelKey(key: ChannelKey, reason: string, now: Date): ChannelKey {
  return { ...key, status: 'revoked', sealedKey: null, encryptionKeyId: null, revokedAt: now, revokeReason: reason };
}

export function maskChannelKey(key: ChannelKey): MaskedChannelKey {
  const { sealedKey: _sealedKey, ...masked } = key;
  return masked;
}

/** Keys shorter than eight characters show nothing: four would be half the secret. */
export function lastFour(apiKey: string): string {
  return apiKey.length >= 8 ? apiKey.slice(-4) : '';
}

/** The channel's key if it is active; otherwise why not. */
export function requireActiveKey<K extends Pick<ChannelKey, 'status' | 'sealedKey'>>(key: K | undefined, channelId: string): K & { sealedKey: string } {
  if (key === undefined) throw new VaultError('VAULT.CHANNEL_KEY_NOT_FOUND', `no key is stored for channel ${channelId}`);
  if (key.status !== 'active' || key.sealedKey === null) throw new VaultError('VAULT.CHANNEL_KEY_REVOKED', `the key of channel ${channelId} was revoked`);
  return key as K & { sealedKey: string };
}

/**
 * A rotation replaces a key in use. Rotating a revoked one would hand the channel a new active key
 * and silently undo the revocation channel-registry asked for.
 */
export function requireRotatable(key: Pick<ChannelKey, 'channelId' | 'status'>): void {
  if (key.status === 'revoked') {
    throw new VaultError('VAULT.REVOKED_KEY_NOT_ROTATABLE', `the key of channel ${key.channelId} was revoked; rotating it would issue a new active key and undo the revocation`);
  }
}

export function requireKey(key: ChannelKey | undefined, channelId: string): ChannelKey {
  if (key === undefined) throw new VaultError('VAULT.CHANNEL_KEY_NOT_FOUND', `no key is stored for channel ${channelId}`);
  return key;
}

/** A caller that names a tenant must name the channel's owner. */
export function requireSameTenant(key: Pick<ChannelKey, 'tenantId' | 'channelId'>, tenantId: string | undefined): void {
  if (tenantId && tenantId !== key.tenantId) {
    throw new VaultError('VAULT.TENANT_MISMATCH', `channel ${key.channelId} belongs to another tenant`);
  }
}
