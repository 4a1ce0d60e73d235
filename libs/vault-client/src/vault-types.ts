import type { ChannelKeyInfo__Output } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/ChannelKeyInfo';

export interface ChannelCredentials {
  channelId: string;
  tenantId: string;
  /** Send as the D360-API-KEY header; keep it in memory only. */
  apiKey: string;
  /** The Messaging API base URL. */
  address: string;
  generation: number;
}

/** What the vault shows about a channel's key: never the key. */
export interface ChannelKeyInfo {
  tenantId: string;
  channelId: string;
  status: 'active' | 'revoked' | 'unspecified';
  apiKeyLast4: string;
  address: string;
  generation: number;
  d360KeyId?: string;
  appId?: string;
  createdAt?: Date;
  rotatedAt?: Date;
  revokedAt?: Date;
  webhookUrl?: string;
}

const STATUS = {
  CHANNEL_KEY_STATUS_ACTIVE: 'active',
  CHANNEL_KEY_STATUS_REVOKED: 'revoked',
  CHANNEL_KEY_STATUS_UNSPECIFIED: 'unspecified',
} as const;

export function toChannelKeyInfo(info: ChannelKeyInfo__Output | null | undefined): ChannelKeyInfo {
  if (!info) throw new Error('credential-vault answered without key information');
  return {
    tenantId: info.tenant_id,
    channelId: info.channel_id,
    status: STATUS[info.status],
    apiKeyLast4: info.api_key_last4,
    address: info.address,
    generation: info.generation,
    ...optionalText('d360KeyId', info.d360_key_id),
    ...optionalText('appId', info.app_id),
    ...optionalDate('createdAt', info.created_at),
    ...optionalDate('rotatedAt', info.rotated_at),
    ...optionalDate('revokedAt', info.revoked_at),
    ...optionalText('webhookUrl', info.webhook_url),
  };
}

function optionalText<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function optionalDate<K extends string>(key: K, value: string): Partial<Record<K, Date>> {
  return value ? ({ [key]: new Date(value) } as Record<K, Date>) : {};
}
