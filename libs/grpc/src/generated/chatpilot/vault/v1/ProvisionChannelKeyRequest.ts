// Original file: chatpilot/vault/v1/vault.proto


export interface ProvisionChannelKeyRequest {
  'tenant_id'?: (string);
  'channel_id'?: (string);
  'force_rotate'?: (boolean);
}

export interface ProvisionChannelKeyRequest__Output {
  'tenant_id': (string);
  'channel_id': (string);
  'force_rotate': (boolean);
}
