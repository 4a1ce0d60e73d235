import { mkdirSync } from 'node:fs';

import type { EntityClass, MigrationClass } from '@chatpilot/db';
import type { Logger } from '@chatpilot/logger';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { DataSource } from 'typeorm';

export interface PgliteDatabaseOptions {
  /** Where the cluster lives; created (initdb) on first use, reopened afterwards. */
  dataDir: string;
  entities: EntityClass[];
  migrations: MigrationClass[];
  logger: Logger;
}

export interface PgliteDatabase {
  /** Initialized and migrated; hand it to a service as `overrides.dataSource`. */
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * PGlite is one PostgreSQL backend, i.e. one session. node-postgres runs over it through PGlite's
 * own wire-protocol adapter, with a pool of exactly one client: TypeORM then holds that client for
 * a whole transaction, so transactions never interleave on the shared session, and results look
 * exactly as they do from a real server (bigint as string, affected-row counts, jsonb parsed).
 */
const POOL_SIZE = 1;
/** Work waits in the pool's queue behind the running transaction; this only bounds a stuck one. */
const CLIENT_WAIT_TIMEOUT_MS = 60_000;

/** Opens (or creates) the PGlite database in `dataDir` and brings its schema up to date. */
export async function openPgliteDatabase(options: PgliteDatabaseOptions): Promise<PgliteDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir);
  const dataSource = new DataSource({
    type: 'postgres',
    entities: options.entities,
    migrations: options.migrations,
    synchronize: false,
    migrationsRun: false,
    // Nothing may install uuid-ossp (PGlite cannot); ids come from gen_random_uuid() or the code.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    poolSize: POOL_SIZE,
    extra: { ...createPgConfig(pglite), max: POOL_SIZE, idleTimeoutMillis: 0, connectionTimeoutMillis: CLIENT_WAIT_TIMEOUT_MS },
  });
  try {
    await dataSource.initialize();
    await migrate(dataSource, options.logger);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await pglite.close();
    throw error;
  }
  return {
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await pglite.close();
    },
  };
}

/**
 * The services' own migrations, run here rather than by the services (they start with
 * MIGRATIONS_RUN=false, like behind a Kubernetes migration Job): libs/db's runner holds a second
 * connection for its advisory lock, and this database has one, used by one process only.
 */
async function migrate(dataSource: DataSource, logger: Logger): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length > 0) logger.info({ applied: applied.map((migration) => migration.name) }, 'database migrations applied');
}
