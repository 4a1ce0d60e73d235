// Original file: chatpilot/registry/v1/registry.proto


export interface LinkChannelsRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  'client_id'?: (string);
  'channel_ids'?: (string)[];
}

export interface LinkChannelsRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  'client_id': (string);
  'channel_ids': (string)[];
}
