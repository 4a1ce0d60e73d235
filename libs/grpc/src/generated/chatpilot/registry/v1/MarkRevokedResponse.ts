// Original file: chatpilot/registry/v1/registry.proto

import type { ChannelRevokeResult as _chatpilot_registry_v1_ChannelRevokeResult, ChannelRevokeResult__Output as _chatpilot_registry_v1_ChannelRevokeResult__Output } from '../../../chatpilot/registry/v1/ChannelRevokeResult';

export interface MarkRevokedResponse {
  'results'?: (_chatpilot_registry_v1_ChannelRevokeResult)[];
}

export interface MarkRevokedResponse__Output {
  'results': (_chatpilot_registry_v1_ChannelRevokeResult__Output)[];
}
