// Original file: chatpilot/vault/v1/vault.proto

import type { ChannelKeyStatus as _chatpilot_vault_v1_ChannelKeyStatus, ChannelKeyStatus__Output as _chatpilot_vault_v1_ChannelKeyStatus__Output } from '../../../chatpilot/vault/v1/ChannelKeyStatus';

export interface ChannelKeyInfo {
  'tenant_id'?: (string);
  'channel_id'?: (string);
  'status'?: (_chatpilot_vault_v1_ChannelKeyStatus);
  'api_key_last4'?: (string);
  'address'?: (string);
  'generation'?: (number);
  'd360_key_id'?: (string);
  'app_id'?: (string);
  'created_at'?: (string);
  'rotated_at'?: (string);
  'revoked_at'?: (string);
  'webhook_url'?: (string);
}

export interface ChannelKeyInfo__Output {
  'tenant_id': (string);
  'channel_id': (string);
  'status': (_chatpilot_vault_v1_ChannelKeyStatus__Output);
  'api_key_last4': (string);
  'address': (string);
  'generation': (number);
  'd360_key_id': (string);
  'app_id': (string);
  'created_at': (string);
  'rotated_at': (string);
  'revoked_at': (string);
  'webhook_url': (string);
}
