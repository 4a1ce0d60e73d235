// Original file: chatpilot/ping/v1/ping.proto


export interface PingRequest {
  'message'?: (string);
  'fail_with'?: (number);
}

export interface PingRequest__Output {
  'message': (string);
  'fail_with': (number);
}
