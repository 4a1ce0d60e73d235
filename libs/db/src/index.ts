import 'reflect-metadata';

export { ensureDatabaseExists } from './ensure-database-exists';
export { createDataSource } from './create-data-source';
export type { DataSourceOptions, EntityClass, MigrationClass } from './create-data-source';
export { runMigrations } from './run-migrations';
export { selectList } from './select-list';
export type { RunMigrationsOptions } from './run-migrations';
export { initializeDatabase } from './initialize-database';
export type { InitializeDatabaseOptions } from './initialize-database';
export { databaseReadinessCheck } from './readiness-check';
export type { ReadinessCheck } from './readiness-check';
export { isDatabaseUnreachable, isRefusedValue, sqlStateOf } from './sql-state';
