import {
  buildService as buildRegistry,
  loadConfig as loadRegistryConfig,
  REGISTRY_ENTITIES,
  registryMigrations,
} from '@chatpilot/channel-registry';
import type { Env } from '@chatpilot/config';
import { buildService as buildVault, loadConfig as loadVaultConfig, VAULT_ENTITIES, VAULT_MIGRATIONS } from '@chatpilot/credential-vault';
import type { EntityClass, MigrationClass } from '@chatpilot/db';
import type { Logger } from '@chatpilot/logger';
import type { MessageTransport } from '@chatpilot/messaging';
import {
  buildService as buildOnboarding,
  loadConfig as loadOnboardingConfig,
  ONBOARDING_ENTITIES,
  ONBOARDING_MIGRATIONS,
} from '@chatpilot/onboarding';
import {
  buildService as buildIngest,
  loadConfig as loadIngestConfig,
  webhookIngestEntities,
  webhookIngestMigrations,
} from '@chatpilot/webhook-ingest';

import type { DataSource } from 'typeorm';

import type { ServiceName } from '../system-env';

/**
 * Everything embedded mode takes from the four services, in one place: their composition roots,
 * config loaders, and the entities and migrations of their own databases. Embedded mode runs
 * compiled code only (PGlite cannot load inside Jest's module sandbox).
 */
export interface ServiceSchema {
  entities: EntityClass[];
  migrations: MigrationClass[];
}

export const SERVICE_SCHEMAS: Record<ServiceName, ServiceSchema> = {
  'webhook-ingest': { entities: webhookIngestEntities, migrations: webhookIngestMigrations },
  'channel-registry': { entities: REGISTRY_ENTITIES, migrations: registryMigrations },
  'credential-vault': { entities: VAULT_ENTITIES, migrations: VAULT_MIGRATIONS },
  onboarding: { entities: ONBOARDING_ENTITIES, migrations: ONBOARDING_MIGRATIONS },
};

/** What embedded mode hands every service instead of a PostgreSQL URL and RabbitMQ. */
export interface EmbeddedOverrides {
  dataSource: DataSource;
  transport: MessageTransport;
}

export interface EmbeddedService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Each service built by its own buildService from its own validated environment. */
export const SERVICE_FACTORIES: Record<ServiceName, (env: Env, logger: Logger, overrides: EmbeddedOverrides) => EmbeddedService> = {
  'webhook-ingest': (env, logger, overrides) => buildIngest(loadIngestConfig(env), logger, overrides),
  'channel-registry': (env, logger, overrides) => buildRegistry(loadRegistryConfig(env), logger, overrides),
  'credential-vault': (env, logger, overrides) => buildVault(loadVaultConfig(env), logger, overrides),
  onboarding: (env, logger, overrides) => buildOnboarding(loadOnboardingConfig(env), logger, overrides),
};
