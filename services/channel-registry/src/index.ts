export { buildService } from './service';
export type { RegistryService, ServiceOverrides } from './service';
export { loadConfig, SERVICE_NAME } from './config';
export type { RegistryConfig } from './config';
export { REGISTRY_ENTITIES } from './service';
export { registryMigrations } from './db/migrations';
