import fs from 'node:fs';
import { Client } from 'pg';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (µs) the PostgreSQL backends serving `database` have used so far, read from
 * /proc/<pid>/stat; undefined when PostgreSQL is not on this machine (or not Linux).
 */
export async function postgresCpuMicros(serverUrl: string, database: string): Promise<number | undefined> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}
