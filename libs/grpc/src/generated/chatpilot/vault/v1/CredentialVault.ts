// Original file: chatpilot/vault/v1/vault.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChannelCredentials as _chatpilot_vault_v1_ChannelCredentials, ChannelCredentials__Output as _chatpilot_vault_v1_ChannelCredentials__Output } from '../../../chatpilot/vault/v1/ChannelCredentials';
import type { ChannelKeyInfo as _chatpilot_vault_v1_ChannelKeyInfo, ChannelKeyInfo__Output as _chatpilot_vault_v1_ChannelKeyInfo__Output } from '../../../chatpilot/vault/v1/ChannelKeyInfo';
import type { DescribeChannelKeyRequest as _chatpilot_vault_v1_DescribeChannelKeyRequest, DescribeChannelKeyRequest__Output as _chatpilot_vault_v1_DescribeChannelKeyRequest__Output } from '../../../chatpilot/vault/v1/DescribeChannelKeyRequest';
import type { GetChannelCredentialsRequest as _chatpilot_vault_v1_GetChannelCredentialsRequest, GetChannelCredentialsRequest__Output as _chatpilot_vault_v1_GetChannelCredentialsRequest__Output } from '../../../chatpilot/vault/v1/GetChannelCredentialsRequest';
import type { ProvisionChannelKeyRequest as _chatpilot_vault_v1_ProvisionChannelKeyRequest, ProvisionChannelKeyRequest__Output as _chatpilot_vault_v1_ProvisionChannelKeyRequest__Output } from '../../../chatpilot/vault/v1/ProvisionChannelKeyRequest';
import type { ProvisionChannelKeyResponse as _chatpilot_vault_v1_ProvisionChannelKeyResponse, ProvisionChannelKeyResponse__Output as _chatpilot_vault_v1_ProvisionChannelKeyResponse__Output } from '../../../chatpilot/vault/v1/ProvisionChannelKeyResponse';
import type { RevokeChannelKeyRequest as _chatpilot_vault_v1_RevokeChannelKeyRequest, RevokeChannelKeyRequest__Output as _chatpilot_vault_v1_RevokeChannelKeyRequest__Output } from '../../../chatpilot/vault/v1/RevokeChannelKeyRequest';
import type { RevokeChannelKeyResponse as _chatpilot_vault_v1_RevokeChannelKeyResponse, RevokeChannelKeyResponse__Output as _chatpilot_vault_v1_RevokeChannelKeyResponse__Output } from '../../../chatpilot/vault/v1/RevokeChannelKeyResponse';
import type { StoreChannelKeyRequest as _chatpilot_vault_v1_StoreChannelKeyRequest, StoreChannelKeyRequest__Output as _chatpilot_vault_v1_StoreChannelKeyRequest__Output } from '../../../chatpilot/vault/v1/StoreChannelKeyRequest';
import type { StoreChannelKeyResponse as _chatpilot_vault_v1_StoreChannelKeyResponse, StoreChannelKeyResponse__Output as _chatpilot_vault_v1_StoreChannelKeyResponse__Output } from '../../../chatpilot/vault/v1/StoreChannelKeyResponse';

export interface CredentialVaultClient extends grpc.Client {
  DescribeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  DescribeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  DescribeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  DescribeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  describeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  describeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  describeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  describeChannelKey(argument: _chatpilot_vault_v1_DescribeChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelKeyInfo__Output>): grpc.ClientUnaryCall;
  
  GetChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  GetChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  GetChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  GetChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  getChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  getChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  getChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  getChannelCredentials(argument: _chatpilot_vault_v1_GetChannelCredentialsRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ChannelCredentials__Output>): grpc.ClientUnaryCall;
  
  ProvisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  ProvisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  ProvisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  ProvisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  provisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  provisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  provisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  provisionChannelKey(argument: _chatpilot_vault_v1_ProvisionChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  
  RevokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  RevokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  revokeChannelKey(argument: _chatpilot_vault_v1_RevokeChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_RevokeChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  
  StoreChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  StoreChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  StoreChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  StoreChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  storeChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  storeChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  storeChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  storeChannelKey(argument: _chatpilot_vault_v1_StoreChannelKeyRequest, callback: grpc.requestCallback<_chatpilot_vault_v1_StoreChannelKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CredentialVaultHandlers extends grpc.UntypedServiceImplementation {
  DescribeChannelKey: grpc.handleUnaryCall<_chatpilot_vault_v1_DescribeChannelKeyRequest__Output, _chatpilot_vault_v1_ChannelKeyInfo>;
  
  GetChannelCredentials: grpc.handleUnaryCall<_chatpilot_vault_v1_GetChannelCredentialsRequest__Output, _chatpilot_vault_v1_ChannelCredentials>;
  
  ProvisionChannelKey: grpc.handleUnaryCall<_chatpilot_vault_v1_ProvisionChannelKeyRequest__Output, _chatpilot_vault_v1_ProvisionChannelKeyResponse>;
  
  RevokeChannelKey: grpc.handleUnaryCall<_chatpilot_vault_v1_RevokeChannelKeyRequest__Output, _chatpilot_vault_v1_RevokeChannelKeyResponse>;
  
  StoreChannelKey: grpc.handleUnaryCall<_chatpilot_vault_v1_StoreChannelKeyRequest__Output, _chatpilot_vault_v1_StoreChannelKeyResponse>;
  
}

export interface CredentialVaultDefinition extends grpc.ServiceDefinition {
  DescribeChannelKey: MethodDefinition<_chatpilot_vault_v1_DescribeChannelKeyRequest, _chatpilot_vault_v1_ChannelKeyInfo, _chatpilot_vault_v1_DescribeChannelKeyRequest__Output, _chatpilot_vault_v1_ChannelKeyInfo__Output>
  GetChannelCredentials: MethodDefinition<_chatpilot_vault_v1_GetChannelCredentialsRequest, _chatpilot_vault_v1_ChannelCredentials, _chatpilot_vault_v1_GetChannelCredentialsRequest__Output, _chatpilot_vault_v1_ChannelCredentials__Output>
  ProvisionChannelKey: MethodDefinition<_chatpilot_vault_v1_ProvisionChannelKeyRequest, _chatpilot_vault_v1_ProvisionChannelKeyResponse, _chatpilot_vault_v1_ProvisionChannelKeyRequest__Output, _chatpilot_vault_v1_ProvisionChannelKeyResponse__Output>
  RevokeChannelKey: MethodDefinition<_chatpilot_vault_v1_RevokeChannelKeyRequest, _chatpilot_vault_v1_RevokeChannelKeyResponse, _chatpilot_vault_v1_RevokeChannelKeyRequest__Output, _chatpilot_vault_v1_RevokeChannelKeyResponse__Output>
  StoreChannelKey: MethodDefinition<_chatpilot_vault_v1_StoreChannelKeyRequest, _chatpilot_vault_v1_StoreChannelKeyResponse, _chatpilot_vault_v1_StoreChannelKeyRequest__Output, _chatpilot_vault_v1_StoreChannelKeyResponse__Output>
}
