// Original file: chatpilot/vault/v1/vault.proto


export interface StoreChannelKeyRequest {
  'tenant_id'?: (string);
  'channel_id'?: (string);
  'api_key'?: (string);
  'address'?: (string);
}

export interface StoreChannelKeyRequest__Output {
  'tenant_id': (string);
  'channel_id': (string);
  'api_key': (string);
  'address': (string);
}
