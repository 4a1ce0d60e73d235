import { Client, escapeIdentifier } from 'pg';

const MAINTENANCE_DATABASE = 'postgres';
const CONNECT_TIMEOUT_MS = 5_000;
/** Another instance created the same database between our check and our CREATE. */
const RACE_LOST_CODES = new Set(['42P04' /* duplicate_database */, '23505' /* unique_violation */]);

/** Creates the database named in `databaseUrl` when it is missing; safe when several replicas race. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const database = databaseNameOf(databaseUrl);
  if (database === MAINTENANCE_DATABASE) return;
  const client = new Client({
    connectionString: maintenanceUrlFor(databaseUrl),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await createDatabase(client, database);
  } finally {
    await client.end();
  }
}

async function createDatabase(client: Client, database: string): Promise<void> {
  try {
    await client.query(`CREATE DATABASE ${escapeIdentifier(database)}`);
  } catch (error) {
    if (!RACE_LOST_CODES.has((error as { code?: string }).code ?? '')) throw error;
  }
}

export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (name === '') throw new Error('The database URL names no database (expected postgres://host:port/<database>)');
  return name;
}

function maintenanceUrlFor(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${MAINTENANCE_DATABASE}`;
  return url.toString();
}
