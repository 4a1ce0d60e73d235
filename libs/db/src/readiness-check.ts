import type { DataSource } from 'typeorm';

import { DEFAULT_MIGRATIONS_TABLE } from './create-data-source';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2_000;

/**
 * A /readyz check that passes when PostgreSQL answers within two seconds and holds every migration
 * this build knows. Behind a migration Job (`MIGRATIONS_RUN=false`) a pod whose schema is not
 * there yet would otherwise go Ready and answer 500s, and a rolling update would retire the healthy
 * old pods for it. Once every migration is seen the check is `SELECT 1` alone.
 */
export function databaseReadinessCheck(dataSource: DataSource, name = 'postgres'): ReadinessCheck {
  let migrated = false;
  return {
    name,
    check: async () => {
      if (!dataSource.isInitialized) throw new Error('database connection is not initialized');
      if (migrated) {
        await withTimeout(dataSource.query('SELECT 1'), READINESS_TIMEOUT_MS);
        return;
      }
      const pending = await withTimeout(pendingMigrations(dataSource), READINESS_TIMEOUT_MS);
      if (pending.length > 0) throw new Error(`${pending.length} database migration(s) not applied yet, first ${pending[0]}: run the migrations`);
      migrated = true;
    },
  };
}

async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  if (known.length === 0) {
    await dataSource.query('SELECT 1');
    return [];
  }
  const table = dataSource.options.migrationsTableName ?? DEFAULT_MIGRATIONS_TABLE;
  const [found] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS present', [table])) as { present: boolean }[];
  if (found?.present !== true) return known;
  const applied = new Set(((await dataSource.query(`SELECT name FROM "${table.replaceAll('"', '""')}"`)) as { name: string }[]).map((row) => row.name));
  return known.filter((migration) => !applied.has(migration));
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  // The query may still fail after the timeout won; that late failure is already reported.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
