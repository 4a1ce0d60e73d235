import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Channel as _chatpilot_registry_v1_Channel, Channel__Output as _chatpilot_registry_v1_Channel__Output } from './chatpilot/registry/v1/Channel';
import type { ChannelLinkResult as _chatpilot_registry_v1_ChannelLinkResult, ChannelLinkResult__Output as _chatpilot_registry_v1_ChannelLinkResult__Output } from './chatpilot/registry/v1/ChannelLinkResult';
import type { ChannelRegistryClient as _chatpilot_registry_v1_ChannelRegistryClient, ChannelRegistryDefinition as _chatpilot_registry_v1_ChannelRegistryDefinition } from './chatpilot/registry/v1/ChannelRegistry';
import type { ChannelRevokeResult as _chatpilot_registry_v1_ChannelRevokeResult, ChannelRevokeResult__Output as _chatpilot_registry_v1_ChannelRevokeResult__Output } from './chatpilot/registry/v1/ChannelRevokeResult';
import type { GetChannelRequest as _chatpilot_registry_v1_GetChannelRequest, GetChannelRequest__Output as _chatpilot_registry_v1_GetChannelRequest__Output } from './chatpilot/registry/v1/GetChannelRequest';
import type { LinkChannelsRequest as _chatpilot_registry_v1_LinkChannelsRequest, LinkChannelsRequest__Output as _chatpilot_registry_v1_LinkChannelsRequest__Output } from './chatpilot/registry/v1/LinkChannelsRequest';
import type { LinkChannelsResponse as _chatpilot_registry_v1_LinkChannelsResponse, LinkChannelsResponse__Output as _chatpilot_registry_v1_LinkChannelsResponse__Output } from './chatpilot/registry/v1/LinkChannelsResponse';
import type { ListChannelsRequest as _chatpilot_registry_v1_ListChannelsRequest, ListChannelsRequest__Output as _chatpilot_registry_v1_ListChannelsRequest__Output } from './chatpilot/registry/v1/ListChannelsRequest';
import type { ListChannelsResponse as _chatpilot_registry_v1_ListChannelsResponse, ListChannelsResponse__Output as _chatpilot_registry_v1_ListChannelsResponse__Output } from './chatpilot/registry/v1/ListChannelsResponse';
import type { MarkRevokedRequest as _chatpilot_registry_v1_MarkRevokedRequest, MarkRevokedRequest__Output as _chatpilot_registry_v1_MarkRevokedRequest__Output } from './chatpilot/registry/v1/MarkRevokedRequest';
import type { MarkRevokedResponse as _chatpilot_registry_v1_MarkRevokedResponse, MarkRevokedResponse__Output as _chatpilot_registry_v1_MarkRevokedResponse__Output } from './chatpilot/registry/v1/MarkRevokedResponse';
import type { ResolveChannelRequest as _chatpilot_registry_v1_ResolveChannelRequest, ResolveChannelRequest__Output as _chatpilot_registry_v1_ResolveChannelRequest__Output } from './chatpilot/registry/v1/ResolveChannelRequest';
import type { ResolveChannelResponse as _chatpilot_registry_v1_ResolveChannelResponse, ResolveChannelResponse__Output as _chatpilot_registry_v1_ResolveChannelResponse__Output } from './chatpilot/registry/v1/ResolveChannelResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatpilot: {
    registry: {
      v1: {
        Channel: MessageTypeDefinition<_chatpilot_registry_v1_Channel, _chatpilot_registry_v1_Channel__Output>
        ChannelLinkResult: MessageTypeDefinition<_chatpilot_registry_v1_ChannelLinkResult, _chatpilot_registry_v1_ChannelLinkResult__Output>
        ChannelRegistry: SubtypeConstructor<typeof grpc.Client, _chatpilot_registry_v1_ChannelRegistryClient> & { service: _chatpilot_registry_v1_ChannelRegistryDefinition }
        ChannelRevokeResult: MessageTypeDefinition<_chatpilot_registry_v1_ChannelRevokeResult, _chatpilot_registry_v1_ChannelRevokeResult__Output>
        ChannelStatus: EnumTypeDefinition
        GetChannelRequest: MessageTypeDefinition<_chatpilot_registry_v1_GetChannelRequest, _chatpilot_registry_v1_GetChannelRequest__Output>
        LinkChannelsRequest: MessageTypeDefinition<_chatpilot_registry_v1_LinkChannelsRequest, _chatpilot_registry_v1_LinkChannelsRequest__Output>
        LinkChannelsResponse: MessageTypeDefinition<_chatpilot_registry_v1_LinkChannelsResponse, _chatpilot_registry_v1_LinkChannelsResponse__Output>
        LinkOutcome: EnumTypeDefinition
        ListChannelsRequest: MessageTypeDefinition<_chatpilot_registry_v1_ListChannelsRequest, _chatpilot_registry_v1_ListChannelsRequest__Output>
        ListChannelsResponse: MessageTypeDefinition<_chatpilot_registry_v1_ListChannelsResponse, _chatpilot_registry_v1_ListChannelsResponse__Output>
        MarkRevokedRequest: MessageTypeDefinition<_chatpilot_registry_v1_MarkRevokedRequest, _chatpilot_registry_v1_MarkRevokedRequest__Output>
        MarkRevokedResponse: MessageTypeDefinition<_chatpilot_registry_v1_MarkRevokedResponse, _chatpilot_registry_v1_MarkRevokedResponse__Output>
        ResolveChannelRequest: MessageTypeDefinition<_chatpilot_registry_v1_ResolveChannelRequest, _chatpilot_registry_v1_ResolveChannelRequest__Output>
        ResolveChannelResponse: MessageTypeDefinition<_chatpilot_registry_v1_ResolveChannelResponse, _chatpilot_registry_v1_ResolveChannelResponse__Output>
        RevokeOutcome: EnumTypeDefinition
      }
    }
  }
}

