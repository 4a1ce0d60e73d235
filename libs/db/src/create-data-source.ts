import type { Logger } from '@chatpilot/logger';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';

import { PreparingClient } from './preparing-client';
import { typeOrmLoggerFor } from './typeorm-logger';

/** An entity class; TypeORM reads its decorators and instantiates it when hydrating rows. */
export type EntityClass = new (...args: never[]) => object;
export type MigrationClass = new () => MigrationInterface;

export interface DataSourceOptions {
  url: string;
  entities: (EntityClass | EntitySchema)[];
  migrations: MigrationClass[];
  /** Defaults to `migrations`. */
  migrationsTableName?: string;
  logger: Logger;
  /** Defaults to 10; at least 2, because runMigrations holds one connection for its lock. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell the services' sessions apart. */
  applicationName?: string;
  /** Server-side cap on any single statement, migrations included; defaults to 30 s. */
  statementTimeoutMs?: number;
}

export const DEFAULT_MIGRATIONS_TABLE = 'migrations';
const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/** A PostgreSQL DataSource that never synchronizes and never runs migrations by itself. */
export function createDataSource(options: DataSourceOptions): DataSource {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (poolSize < 2) throw new Error(`poolSize must be at least 2 (the migration lock holds one connection), got ${poolSize}`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: options.migrationsTableName ?? DEFAULT_MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logger: typeOrmLoggerFor(options.logger),
    poolSize,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    extra: {
      Client: PreparingClient,
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  });
}
