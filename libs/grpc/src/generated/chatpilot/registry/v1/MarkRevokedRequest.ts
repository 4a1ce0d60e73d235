// Original file: chatpilot/registry/v1/registry.proto


export interface MarkRevokedRequest {
  'tenant_id'?: (string);
  'channel_ids'?: (string)[];
  'reason'?: (string);
}

export interface MarkRevokedRequest__Output {
  'tenant_id': (string);
  'channel_ids': (string)[];
  'reason': (string);
}
