// Original file: chatpilot/registry/v1/registry.proto

import type { RevokeOutcome as _chatpilot_registry_v1_RevokeOutcome, RevokeOutcome__Output as _chatpilot_registry_v1_RevokeOutcome__Output } from '../../../chatpilot/registry/v1/RevokeOutcome';

export interface ChannelRevokeResult {
  'channel_id'?: (string);
  'outcome'?: (_chatpilot_registry_v1_RevokeOutcome);
}

export interface ChannelRevokeResult__Output {
  'channel_id': (string);
  'outcome': (_chatpilot_registry_v1_RevokeOutcome__Output);
}
