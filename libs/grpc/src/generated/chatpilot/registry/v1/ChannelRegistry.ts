// Original file: chatpilot/registry/v1/registry.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Channel as _chatpilot_registry_v1_Channel, Channel__Output as _chatpilot_registry_v1_Channel__Output } from '../../../chatpilot/registry/v1/Channel';
import type { GetChannelRequest as _chatpilot_registry_v1_GetChannelRequest, GetChannelRequest__Output as _chatpilot_registry_v1_GetChannelRequest__Output } from '../../../chatpilot/registry/v1/GetChannelRequest';
import type { LinkChannelsRequest as _chatpilot_registry_v1_LinkChannelsRequest, LinkChannelsRequest__Output as _chatpilot_registry_v1_LinkChannelsRequest__Output } from '../../../chatpilot/registry/v1/LinkChannelsRequest';
import type { LinkChannelsResponse as _chatpilot_registry_v1_LinkChannelsResponse, LinkChannelsResponse__Output as _chatpilot_registry_v1_LinkChannelsResponse__Output } from '../../../chatpilot/registry/v1/LinkChannelsResponse';
import type { ListChannelsRequest as _chatpilot_registry_v1_ListChannelsRequest, ListChannelsRequest__Output as _chatpilot_registry_v1_ListChannelsRequest__Output } from '../../../chatpilot/registry/v1/ListChannelsRequest';
import type { ListChannelsResponse as _chatpilot_registry_v1_ListChannelsResponse, ListChannelsResponse__Output as _chatpilot_registry_v1_ListChannelsResponse__Output } from '../../../chatpilot/registry/v1/ListChannelsResponse';
import type { MarkRevokedRequest as _chatpilot_registry_v1_MarkRevokedRequest, MarkRevokedRequest__Output as _chatpilot_registry_v1_MarkRevokedRequest__Output } from '../../../chatpilot/registry/v1/MarkRevokedRequest';
import type { MarkRevokedResponse as _chatpilot_registry_v1_MarkRevokedResponse, MarkRevokedResponse__Output as _chatpilot_registry_v1_MarkRevokedResponse__Output } from '../../../chatpilot/registry/v1/MarkRevokedResponse';
import type { ResolveChannelRequest as _chatpilot_registry_v1_ResolveChannelRequest, ResolveChannelRequest__Output as _chatpilot_registry_v1_ResolveChannelRequest__Output } from '../../../chatpilot/registry/v1/ResolveChannelRequest';
import type { ResolveChannelResponse as _chatpilot_registry_v1_ResolveChannelResponse, ResolveChannelResponse__Output as _chatpilot_registry_v1_ResolveChannelResponse__Output } from '../../../chatpilot/registry/v1/ResolveChannelResponse';

export interface ChannelRegistryClient extends grpc.Client {
  GetChannel(argument: _chatpilot_registry_v1_GetChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _chatpilot_registry_v1_GetChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _chatpilot_registry_v1_GetChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _chatpilot_registry_v1_GetChannelRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_Channel__Output>): grpc.ClientUnaryCall;
  
  LinkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  LinkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  LinkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  LinkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  linkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  linkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  linkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  linkChannels(argument: _chatpilot_registry_v1_LinkChannelsRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_LinkChannelsResponse__Output>): grpc.ClientUnaryCall;
  
  ListChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _chatpilot_registry_v1_ListChannelsRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  
  MarkRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  MarkRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  MarkRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  MarkRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  markRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  markRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  markRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  markRevoked(argument: _chatpilot_registry_v1_MarkRevokedRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_MarkRevokedResponse__Output>): grpc.ClientUnaryCall;
  
  ResolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  ResolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  ResolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  ResolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  resolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  resolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  resolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  resolveChannel(argument: _chatpilot_registry_v1_ResolveChannelRequest, callback: grpc.requestCallback<_chatpilot_registry_v1_ResolveChannelResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ChannelRegistryHandlers extends grpc.UntypedServiceImplementation {
  GetChannel: grpc.handleUnaryCall<_chatpilot_registry_v1_GetChannelRequest__Output, _chatpilot_registry_v1_Channel>;
  
  LinkChannels: grpc.handleUnaryCall<_chatpilot_registry_v1_LinkChannelsRequest__Output, _chatpilot_registry_v1_LinkChannelsResponse>;
  
  ListChannels: grpc.handleUnaryCall<_chatpilot_registry_v1_ListChannelsRequest__Output, _chatpilot_registry_v1_ListChannelsResponse>;
  
  MarkRevoked: grpc.handleUnaryCall<_chatpilot_registry_v1_MarkRevokedRequest__Output, _chatpilot_registry_v1_MarkRevokedResponse>;
  
  ResolveChannel: grpc.handleUnaryCall<_chatpilot_registry_v1_ResolveChannelRequest__Output, _chatpilot_registry_v1_ResolveChannelResponse>;
  
}

export interface ChannelRegistryDefinition extends grpc.ServiceDefinition {
  GetChannel: MethodDefinition<_chatpilot_registry_v1_GetChannelRequest, _chatpilot_registry_v1_Channel, _chatpilot_registry_v1_GetChannelRequest__Output, _chatpilot_registry_v1_Channel__Output>
  LinkChannels: MethodDefinition<_chatpilot_registry_v1_LinkChannelsRequest, _chatpilot_registry_v1_LinkChannelsResponse, _chatpilot_registry_v1_LinkChannelsRequest__Output, _chatpilot_registry_v1_LinkChannelsResponse__Output>
  ListChannels: MethodDefinition<_chatpilot_registry_v1_ListChannelsRequest, _chatpilot_registry_v1_ListChannelsResponse, _chatpilot_registry_v1_ListChannelsRequest__Output, _chatpilot_registry_v1_ListChannelsResponse__Output>
  MarkRevoked: MethodDefinition<_chatpilot_registry_v1_MarkRevokedRequest, _chatpilot_registry_v1_MarkRevokedResponse, _chatpilot_registry_v1_MarkRevokedRequest__Output, _chatpilot_registry_v1_MarkRevokedResponse__Output>
  ResolveChannel: MethodDefinition<_chatpilot_registry_v1_ResolveChannelRequest, _chatpilot_registry_v1_ResolveChannelResponse, _chatpilot_registry_v1_ResolveChannelRequest__Output, _chatpilot_registry_v1_ResolveChannelResponse__Output>
}
