// Original file: chatpilot/registry/v1/registry.proto


export interface GetChannelRequest {
  'tenant_id'?: (string);
  'channel_id'?: (string);
}

export interface GetChannelRequest__Output {
  'tenant_id': (string);
  'channel_id': (string);
}
