export { buildService } from './service';
export type { VaultService, VaultServiceOverrides } from './service';
export { loadConfig, SERVICE_NAME } from './config';
export type { VaultConfig } from './config';
export { VAULT_ENTITIES, VAULT_MIGRATIONS } from './db/vault-data-source';
