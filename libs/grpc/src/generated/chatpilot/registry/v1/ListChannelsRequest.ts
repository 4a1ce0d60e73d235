// Original file: chatpilot/registry/v1/registry.proto


export interface ListChannelsRequest {
  'tenant_id'?: (string);
  'page_size'?: (number);
  'page_token'?: (string);
}

export interface ListChannelsRequest__Output {
  'tenant_id': (string);
  'page_size': (number);
  'page_token': (string);
}
