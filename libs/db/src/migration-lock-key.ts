import { createHash } from 'node:crypto';

/**
 * A stable signed 64-bit advisory-lock key (as a decimal string, to survive the trip through pg)
 * derived from the database and migrations table, so unrelated services sharing a server never
 * wait on each other while replicas of one service always do.
 */
export function migrationLockKey(database: string, migrationsTableName: string): string {
  const digest = createHash('sha256').update(`chatpilot-migrations:${database}:${migrationsTableName}`).digest();
  return digest.readBigInt64BE(0).toString();
}
