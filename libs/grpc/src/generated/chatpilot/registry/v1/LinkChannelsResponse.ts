// Original file: chatpilot/registry/v1/registry.proto

import type { ChannelLinkResult as _chatpilot_registry_v1_ChannelLinkResult, ChannelLinkResult__Output as _chatpilot_registry_v1_ChannelLinkResult__Output } from '../../../chatpilot/registry/v1/ChannelLinkResult';

export interface LinkChannelsResponse {
  'results'?: (_chatpilot_registry_v1_ChannelLinkResult)[];
}

export interface LinkChannelsResponse__Output {
  'results': (_chatpilot_registry_v1_ChannelLinkResult__Output)[];
}
