// Original file: chatpilot/vault/v1/vault.proto

import type { ChannelKeyInfo as _chatpilot_vault_v1_ChannelKeyInfo, ChannelKeyInfo__Output as _chatpilot_vault_v1_ChannelKeyInfo__Output } from '../../../chatpilot/vault/v1/ChannelKeyInfo';

export interface ProvisionChannelKeyResponse {
  'key'?: (_chatpilot_vault_v1_ChannelKeyInfo | null);
  'created'?: (boolean);
}

export interface ProvisionChannelKeyResponse__Output {
  'key': (_chatpilot_vault_v1_ChannelKeyInfo__Output | null);
  'created': (boolean);
}
