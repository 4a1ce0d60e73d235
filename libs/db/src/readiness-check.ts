import type { DataSource } from 'typeorm';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const READINESS_TIMEOUT_MS = 2_000;

/** A /readyz check that passes when PostgreSQL answers `SELECT 1` within two seconds. */
export function databaseReadinessCheck(dataSource: DataSource, name = 'postgres'): ReadinessCheck {
  return {
    name,
    check: async () => {
      if (!dataSource.isInitialized) throw new Error('database connection is not initialized');
      await withTimeout(dataSource.query('SELECT 1'), READINESS_TIMEOUT_MS);
    },
  };
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  // The query may still fail after the timeout won; that late failure is already reported.
  work.catch(() => undefined);
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
