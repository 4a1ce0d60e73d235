// Original file: chatpilot/registry/v1/registry.proto

import type { Channel as _chatpilot_registry_v1_Channel, Channel__Output as _chatpilot_registry_v1_Channel__Output } from '../../../chatpilot/registry/v1/Channel';

export interface ListChannelsResponse {
  'channels'?: (_chatpilot_registry_v1_Channel)[];
  'next_page_token'?: (string);
  'total_size'?: (number);
}

export interface ListChannelsResponse__Output {
  'channels': (_chatpilot_registry_v1_Channel__Output)[];
  'next_page_token': (string);
  'total_size': (number);
}
