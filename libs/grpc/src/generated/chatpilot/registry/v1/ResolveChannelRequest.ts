// Original file: chatpilot/registry/v1/registry.proto


export interface ResolveChannelRequest {
  'channel_id'?: (string);
  'waba_account_id'?: (string);
  'phone_number'?: (string);
  'key'?: "channel_id"|"waba_account_id"|"phone_number";
}

export interface ResolveChannelRequest__Output {
  'channel_id'?: (string);
  'waba_account_id'?: (string);
  'phone_number'?: (string);
  'key'?: "channel_id"|"waba_account_id"|"phone_number";
}
