import type * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from '@chatpilot/grpc';
import type { ProtoGrpcType as VaultProto } from '@chatpilot/grpc/src/generated/vault';
import type { AllowedCallers } from '../config';

export const CREDENTIAL_VAULT_SERVICE = 'chatpilot.vault.v1.CredentialVault';

export function credentialVaultDefinition(): grpc.ServiceDefinition {
  return loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1.CredentialVault.service;
}

/** Full method paths ('/chatpilot.vault.v1.CredentialVault/GetChannelCredentials') → allowed callers. */
export function methodAllowList(allowed: AllowedCallers): Record<string, string[]> {
  return Object.fromEntries(Object.entries(allowed).map(([method, callers]) => [`/${CREDENTIAL_VAULT_SERVICE}/${method}`, callers]));
}
