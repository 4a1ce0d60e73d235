// Original file: chatpilot/vault/v1/vault.proto


export interface GetChannelCredentialsRequest {
  'channel_id'?: (string);
  'tenant_id'?: (string);
}

export interface GetChannelCredentialsRequest__Output {
  'channel_id': (string);
  'tenant_id': (string);
}
