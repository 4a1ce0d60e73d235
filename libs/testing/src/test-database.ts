import { Client } from 'pg';

import { testInfrastructure } from './test-infrastructure';
import { uniqueName } from './unique-name';

export interface TestDatabase {
  name: string;
  url: string;
  /** Terminates every connection to the database and drops it. */
  drop(): Promise<void>;
}

const POSTGRES_IDENTIFIER_LIMIT = 63;

/** A throwaway database with a unique name on the test PostgreSQL server. */
export async function createTestDatabase(label?: string): Promise<TestDatabase> {
  const serverUrl = testInfrastructure().databaseUrl;
  const name = uniqueName('t', label, POSTGRES_IDENTIFIER_LIMIT);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrlFor(serverUrl, name),
    // FORCE terminates the database's backends first (PostgreSQL 13+).
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
