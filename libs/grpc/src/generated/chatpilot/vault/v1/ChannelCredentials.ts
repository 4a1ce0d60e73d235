// Original file: chatpilot/vault/v1/vault.proto


export interface ChannelCredentials {
  'channel_id'?: (string);
  'tenant_id'?: (string);
  'api_key'?: (string);
  'address'?: (string);
  'generation'?: (number);
}

export interface ChannelCredentials__Output {
  'channel_id': (string);
  'tenant_id': (string);
  'api_key': (string);
  'address': (string);
  'generation': (number);
}
