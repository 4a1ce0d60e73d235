import type { Logger } from '@chatpilot/logger';
import type { DataSource, QueryRunner } from 'typeorm';

import { DEFAULT_MIGRATIONS_TABLE } from './create-data-source';
import { migrationLockKey } from './migration-lock-key';

export interface RunMigrationsOptions {
  logger: Logger;
  /** How long to wait for another instance to finish migrating; defaults to 5 minutes. */
  lockTimeoutMs?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;
const LOCK_POLL_INTERVAL_MS = 250;

/**
 * Runs pending migrations, each in its own transaction, while holding a session-level advisory
 * lock, so replicas starting together apply every migration exactly once. Returns the names applied.
 */
export async function runMigrations(dataSource: DataSource, options: RunMigrationsOptions): Promise<string[]> {
  const { logger } = options;
  const key = migrationLockKey(
    String(dataSource.driver.database),
    dataSource.options.migrationsTableName ?? DEFAULT_MIGRATIONS_TABLE,
  );
  const lockRunner = dataSource.createQueryRunner();
  try {
    await acquireLock(lockRunner, key, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, logger);
    try {
      return await applyPending(dataSource, logger);
    } finally {
      await releaseLock(lockRunner, key, logger);
    }
  } finally {
    await lockRunner.release();
  }
}

async function applyPending(dataSource: DataSource, logger: Logger): Promise<string[]> {
  logger.info({ known: dataSource.migrations.length }, 'running pending database migrations');
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  const names = applied.map((migration) => migration.name);
  logger.info({ applied: names }, names.length > 0 ? 'database migrations applied' : 'database schema up to date');
  return names;
}

// Polling pg_try_advisory_lock instead of blocking in pg_advisory_lock keeps every statement short
// (the pool's statement_timeout applies) and lets us say that we are waiting.
async function acquireLock(runner: QueryRunner, key: string, timeoutMs: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reportedWaiting = false;
  while (!(await tryLock(runner, key))) {
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for the migration lock held by another instance`);
    }
    if (!reportedWaiting) {
      logger.info('waiting for another instance to finish database migrations');
      reportedWaiting = true;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_INTERVAL_MS));
  }
}

async function tryLock(runner: QueryRunner, key: string): Promise<boolean> {
  const rows = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key])) as { locked: boolean }[];
  return rows[0]?.locked === true;
}

async function releaseLock(runner: QueryRunner, key: string, logger: Logger): Promise<void> {
  try {
    await runner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  } catch (error) {
    // The lock lives and dies with its session; a failed unlock means that session is already gone.
    logger.warn({ err: error }, 'could not release the migration lock explicitly');
  }
}
