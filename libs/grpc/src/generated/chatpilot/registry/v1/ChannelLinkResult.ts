// Original file: chatpilot/registry/v1/registry.proto

import type { LinkOutcome as _chatpilot_registry_v1_LinkOutcome, LinkOutcome__Output as _chatpilot_registry_v1_LinkOutcome__Output } from '../../../chatpilot/registry/v1/LinkOutcome';

export interface ChannelLinkResult {
  'channel_id'?: (string);
  'outcome'?: (_chatpilot_registry_v1_LinkOutcome);
  'error_code'?: (string);
}

export interface ChannelLinkResult__Output {
  'channel_id': (string);
  'outcome': (_chatpilot_registry_v1_LinkOutcome__Output);
  'error_code': (string);
}
