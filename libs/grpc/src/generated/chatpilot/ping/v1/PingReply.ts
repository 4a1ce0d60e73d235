// Original file: chatpilot/ping/v1/ping.proto


export interface PingReply {
  'message'?: (string);
  'caller'?: (string);
}

export interface PingReply__Output {
  'message': (string);
  'caller': (string);
}
