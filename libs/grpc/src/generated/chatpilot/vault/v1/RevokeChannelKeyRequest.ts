// Original file: chatpilot/vault/v1/vault.proto


export interface RevokeChannelKeyRequest {
  'channel_id'?: (string);
  'reason'?: (string);
}

export interface RevokeChannelKeyRequest__Output {
  'channel_id': (string);
  'reason': (string);
}
