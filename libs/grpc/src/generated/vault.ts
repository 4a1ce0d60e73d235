import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChannelCredentials as _chatpilot_vault_v1_ChannelCredentials, ChannelCredentials__Output as _chatpilot_vault_v1_ChannelCredentials__Output } from './chatpilot/vault/v1/ChannelCredentials';
import type { ChannelKeyInfo as _chatpilot_vault_v1_ChannelKeyInfo, ChannelKeyInfo__Output as _chatpilot_vault_v1_ChannelKeyInfo__Output } from './chatpilot/vault/v1/ChannelKeyInfo';
import type { CredentialVaultClient as _chatpilot_vault_v1_CredentialVaultClient, CredentialVaultDefinition as _chatpilot_vault_v1_CredentialVaultDefinition } from './chatpilot/vault/v1/CredentialVault';
import type { DescribeChannelKeyRequest as _chatpilot_vault_v1_DescribeChannelKeyRequest, DescribeChannelKeyRequest__Output as _chatpilot_vault_v1_DescribeChannelKeyRequest__Output } from './chatpilot/vault/v1/DescribeChannelKeyRequest';
import type { GetChannelCredentialsRequest as _chatpilot_vault_v1_GetChannelCredentialsRequest, GetChannelCredentialsRequest__Output as _chatpilot_vault_v1_GetChannelCredentialsRequest__Output } from './chatpilot/vault/v1/GetChannelCredentialsRequest';
import type { ProvisionChannelKeyRequest as _chatpilot_vault_v1_ProvisionChannelKeyRequest, ProvisionChannelKeyRequest__Output as _chatpilot_vault_v1_ProvisionChannelKeyRequest__Output } from './chatpilot/vault/v1/ProvisionChannelKeyRequest';
import type { ProvisionChannelKeyResponse as _chatpilot_vault_v1_ProvisionChannelKeyResponse, ProvisionChannelKeyResponse__Output as _chatpilot_vault_v1_ProvisionChannelKeyResponse__Output } from './chatpilot/vault/v1/ProvisionChannelKeyResponse';
import type { RevokeChannelKeyRequest as _chatpilot_vault_v1_RevokeChannelKeyRequest, RevokeChannelKeyRequest__Output as _chatpilot_vault_v1_RevokeChannelKeyRequest__Output } from './chatpilot/vault/v1/RevokeChannelKeyRequest';
import type { RevokeChannelKeyResponse as _chatpilot_vault_v1_RevokeChannelKeyResponse, RevokeChannelKeyResponse__Output as _chatpilot_vault_v1_RevokeChannelKeyResponse__Output } from './chatpilot/vault/v1/RevokeChannelKeyResponse';
import type { StoreChannelKeyRequest as _chatpilot_vault_v1_StoreChannelKeyRequest, StoreChannelKeyRequest__Output as _chatpilot_vault_v1_StoreChannelKeyRequest__Output } from './chatpilot/vault/v1/StoreChannelKeyRequest';
import type { StoreChannelKeyResponse as _chatpilot_vault_v1_StoreChannelKeyResponse, StoreChannelKeyResponse__Output as _chatpilot_vault_v1_StoreChannelKeyResponse__Output } from './chatpilot/vault/v1/StoreChannelKeyResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatpilot: {
    vault: {
      v1: {
        ChannelCredentials: MessageTypeDefinition<_chatpilot_vault_v1_ChannelCredentials, _chatpilot_vault_v1_ChannelCredentials__Output>
        ChannelKeyInfo: MessageTypeDefinition<_chatpilot_vault_v1_ChannelKeyInfo, _chatpilot_vault_v1_ChannelKeyInfo__Output>
        ChannelKeyStatus: EnumTypeDefinition
        CredentialVault: SubtypeConstructor<typeof grpc.Client, _chatpilot_vault_v1_CredentialVaultClient> & { service: _chatpilot_vault_v1_CredentialVaultDefinition }
        DescribeChannelKeyRequest: MessageTypeDefinition<_chatpilot_vault_v1_DescribeChannelKeyRequest, _chatpilot_vault_v1_DescribeChannelKeyRequest__Output>
        GetChannelCredentialsRequest: MessageTypeDefinition<_chatpilot_vault_v1_GetChannelCredentialsRequest, _chatpilot_vault_v1_GetChannelCredentialsRequest__Output>
        ProvisionChannelKeyRequest: MessageTypeDefinition<_chatpilot_vault_v1_ProvisionChannelKeyRequest, _chatpilot_vault_v1_ProvisionChannelKeyRequest__Output>
        ProvisionChannelKeyResponse: MessageTypeDefinition<_chatpilot_vault_v1_ProvisionChannelKeyResponse, _chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>
        RevokeChannelKeyRequest: MessageTypeDefinition<_chatpilot_vault_v1_RevokeChannelKeyRequest, _chatpilot_vault_v1_RevokeChannelKeyRequest__Output>
        RevokeChannelKeyResponse: MessageTypeDefinition<_chatpilot_vault_v1_RevokeChannelKeyResponse, _chatpilot_vault_v1_RevokeChannelKeyResponse__Output>
        StoreChannelKeyRequest: MessageTypeDefinition<_chatpilot_vault_v1_StoreChannelKeyRequest, _chatpilot_vault_v1_StoreChannelKeyRequest__Output>
        StoreChannelKeyResponse: MessageTypeDefinition<_chatpilot_vault_v1_StoreChannelKeyResponse, _chatpilot_vault_v1_StoreChannelKeyResponse__Output>
      }
    }
  }
}

