import type { ChannelKeyInfo } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/ChannelKeyInfo';
import type { MaskedChannelKey } from '../domain/channel-key';

const STATUS = { active: 'CHANNEL_KEY_STATUS_ACTIVE', revoked: 'CHANNEL_KEY_STATUS_REVOKED' } as const;

export function toChannelKeyInfo(key: MaskedChannelKey): ChannelKeyInfo {
  return {
    tenant_id: key.tenantId,
    channel_id: key.channelId,
    status: STATUS[key.status],
    api_key_last4: key.apiKeyLast4,
    address: key.address,
    generation: key.generation,
    d360_key_id: key.d360KeyId ?? '',
    app_id: key.appId ?? '',
    created_at: key.createdAt.toISOString(),
    rotated_at: key.rotatedAt?.toISOString() ?? '',
    revoked_at: key.revokedAt?.toISOString() ?? '',
    webhook_url: key.webhookUrl ?? '',
  };
}
