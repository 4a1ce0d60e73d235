import type { DataSource } from 'typeorm';

import { createDataSource, type DataSourceOptions } from './create-data-source';
import { ensureDatabaseExists } from './ensure-database-exists';
import { runMigrations } from './run-migrations';

export interface InitializeDatabaseOptions extends DataSourceOptions {
  runMigrations: boolean;
}

/** Creates the database if missing, connects, and optionally brings the schema up to date. */
export async function initializeDatabase(options: InitializeDatabaseOptions): Promise<DataSource> {
  await ensureDatabaseExists(options.url);
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  if (!options.runMigrations) return dataSource;
  try {
    await runMigrations(dataSource, { logger: options.logger });
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
