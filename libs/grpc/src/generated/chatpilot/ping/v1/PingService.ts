// Original file: chatpilot/ping/v1/ping.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PingReply as _chatpilot_ping_v1_PingReply, PingReply__Output as _chatpilot_ping_v1_PingReply__Output } from '../../../chatpilot/ping/v1/PingReply';
import type { PingRequest as _chatpilot_ping_v1_PingRequest, PingRequest__Output as _chatpilot_ping_v1_PingRequest__Output } from '../../../chatpilot/ping/v1/PingRequest';

export interface PingServiceClient extends grpc.Client {
  Ping(argument: _chatpilot_ping_v1_PingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  Ping(argument: _chatpilot_ping_v1_PingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  Ping(argument: _chatpilot_ping_v1_PingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  Ping(argument: _chatpilot_ping_v1_PingRequest, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  ping(argument: _chatpilot_ping_v1_PingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  ping(argument: _chatpilot_ping_v1_PingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  ping(argument: _chatpilot_ping_v1_PingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  ping(argument: _chatpilot_ping_v1_PingRequest, callback: grpc.requestCallback<_chatpilot_ping_v1_PingReply__Output>): grpc.ClientUnaryCall;
  
}

export interface PingServiceHandlers extends grpc.UntypedServiceImplementation {
  Ping: grpc.handleUnaryCall<_chatpilot_ping_v1_PingRequest__Output, _chatpilot_ping_v1_PingReply>;
  
}

export interface PingServiceDefinition extends grpc.ServiceDefinition {
  Ping: MethodDefinition<_chatpilot_ping_v1_PingRequest, _chatpilot_ping_v1_PingReply, _chatpilot_ping_v1_PingRequest__Output, _chatpilot_ping_v1_PingReply__Output>
}
