// Original file: chatpilot/registry/v1/registry.proto

import type { ChannelStatus as _chatpilot_registry_v1_ChannelStatus, ChannelStatus__Output as _chatpilot_registry_v1_ChannelStatus__Output } from '../../../chatpilot/registry/v1/ChannelStatus';

export interface ResolveChannelResponse {
  'tenant_id'?: (string);
  'channel_id'?: (string);
  'client_id'?: (string);
  'status'?: (_chatpilot_registry_v1_ChannelStatus);
}

export interface ResolveChannelResponse__Output {
  'tenant_id': (string);
  'channel_id': (string);
  'client_id': (string);
  'status': (_chatpilot_registry_v1_ChannelStatus__Output);
}
