export { createVaultClient } from './vault-client';
export type { VaultClient, VaultClientOptions } from './vault-client';
export type { ChannelCredentials, ChannelKeyInfo } from './vault-types';
