// Original file: chatpilot/vault/v1/vault.proto


export interface DescribeChannelKeyRequest {
  'channel_id'?: (string);
}

export interface DescribeChannelKeyRequest__Output {
  'channel_id': (string);
}
