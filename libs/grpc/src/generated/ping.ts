import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { PingReply as _chatpilot_ping_v1_PingReply, PingReply__Output as _chatpilot_ping_v1_PingReply__Output } from './chatpilot/ping/v1/PingReply';
import type { PingRequest as _chatpilot_ping_v1_PingRequest, PingRequest__Output as _chatpilot_ping_v1_PingRequest__Output } from './chatpilot/ping/v1/PingRequest';
import type { PingServiceClient as _chatpilot_ping_v1_PingServiceClient, PingServiceDefinition as _chatpilot_ping_v1_PingServiceDefinition } from './chatpilot/ping/v1/PingService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatpilot: {
    ping: {
      v1: {
        PingReply: MessageTypeDefinition<_chatpilot_ping_v1_PingReply, _chatpilot_ping_v1_PingReply__Output>
        PingRequest: MessageTypeDefinition<_chatpilot_ping_v1_PingRequest, _chatpilot_ping_v1_PingRequest__Output>
        PingService: SubtypeConstructor<typeof grpc.Client, _chatpilot_ping_v1_PingServiceClient> & { service: _chatpilot_ping_v1_PingServiceDefinition }
      }
    }
  }
}

