// Original file: chatpilot/registry/v1/registry.proto

import type { ChannelStatus as _chatpilot_registry_v1_ChannelStatus, ChannelStatus__Output as _chatpilot_registry_v1_ChannelStatus__Output } from '../../../chatpilot/registry/v1/ChannelStatus';

export interface Channel {
  'tenant_id'?: (string);
  'channel_id'?: (string);
  'client_id'?: (string);
  'waba_account_id'?: (string);
  'phone_number'?: (string);
  'display_name'?: (string);
  'status'?: (_chatpilot_registry_v1_ChannelStatus);
  'raw_status'?: (string);
  'quality_rating'?: (string);
  'messaging_limit'?: (string);
  'account_mode'?: (string);
  'coexistence'?: (boolean);
  'onboarding_session_id'?: (string);
  'linked_at'?: (string);
  'status_changed_at'?: (string);
  'last_event_at'?: (string);
  'revoked_at'?: (string);
  '_coexistence'?: "coexistence";
}

export interface Channel__Output {
  'tenant_id': (string);
  'channel_id': (string);
  'client_id': (string);
  'waba_account_id': (string);
  'phone_number': (string);
  'display_name': (string);
  'status': (_chatpilot_registry_v1_ChannelStatus__Output);
  'raw_status': (string);
  'quality_rating': (string);
  'messaging_limit': (string);
  'account_mode': (string);
  'coexistence'?: (boolean);
  'onboarding_session_id': (string);
  'linked_at': (string);
  'status_changed_at': (string);
  'last_event_at': (string);
  'revoked_at': (string);
  '_coexistence'?: "coexistence";
}
