import { createLogger } from '@chatpilot/logger';

import { openPgliteDatabase, type PgliteDatabase } from '../../src/embedded/pglite-database';
import { SERVICE_SCHEMAS } from '../../src/embedded/service-modules';

/**
 * Run by pglite-database.int.test.ts as a plain Node program (PGlite cannot load inside Jest's
 * module sandbox): asks a PGlite database, through TypeORM and node-postgres, what the services
 * ask PostgreSQL, and prints the answers as one JSON line.
 */
async function probe(dataDir: string): Promise<Record<string, unknown>> {
  const open = () => openPgliteDatabase({ dataDir, ...SERVICE_SCHEMAS.onboarding, logger: createLogger({ service: 'pglite-probe', level: 'silent' }) });
  const first = await open();
  const answers: Record<string, unknown> = {};
  try {
    Object.assign(answers, await outboxAndInbox(first), { isolation: await concurrentTransactions(first), commitsSeen: await commitBroadcasts(first) });
  } finally {
    await first.close();
  }
  const reopened = await open();
  try {
    answers.migrationsAfterReopen = await reopened.dataSource.query('SELECT name FROM migrations ORDER BY id');
    answers.rowsAfterReopen = await reopened.dataSource.query('SELECT count(*) AS rows FROM inbox');
  } finally {
    await reopened.close();
  }
  return answers;
}

async function outboxAndInbox({ dataSource }: PgliteDatabase): Promise<Record<string, unknown>> {
  await dataSource.query(`INSERT INTO outbox (id, type, payload) VALUES (gen_random_uuid(), 'probe.event', $1::jsonb)`, [JSON.stringify({ n: 1 })]);
  const claimed = await dataSource.transaction((manager) =>
    manager.query<{ id: string; body: string }[]>(`SELECT id, payload::text AS body FROM outbox WHERE published_at IS NULL LIMIT 10 FOR UPDATE SKIP LOCKED`),
  );
  const update = await dataSource.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [claimed.map((row) => row.id)]);
  const typed = await dataSource.query(`SELECT payload, 9007199254740993::bigint AS big, now() AS at FROM outbox`);
  const insertInbox = () =>
    dataSource.query(`INSERT INTO inbox (consumer, event_id, event_type) VALUES ('probe', $1, 'probe.event') ON CONFLICT DO NOTHING RETURNING event_id`, [claimed[0]!.id]);
  const inbox = [await insertInbox(), await insertInbox()];
  const deleted = await dataSource.query(`DELETE FROM outbox WHERE published_at IS NOT NULL`);
  const advisory = await dataSource.query('SELECT pg_try_advisory_lock(7) AS locked');
  return { claimed: claimed.map((row) => JSON.parse(row.body)), update, typed: typed.map(describeTypes), inbox, deleted, advisory };
}

function describeTypes(row: { payload: unknown; big: unknown; at: unknown }) {
  return { payload: row.payload, big: row.big, atIsDate: row.at instanceof Date };
}

/** One transaction commits slowly while another rolls back meanwhile: only the committed rows may remain. */
async function concurrentTransactions({ dataSource }: PgliteDatabase): Promise<unknown> {
  await dataSource.query('CREATE TABLE isolation_probe (n int)');
  const slowCommit = dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(42)');
    await manager.query('INSERT INTO isolation_probe VALUES (1)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await manager.query('INSERT INTO isolation_probe VALUES (2)');
  });
  const rolledBack = dataSource
    .transaction(async (manager) => {
      await manager.query('INSERT INTO isolation_probe VALUES (3)');
      throw new Error('rolled back');
    })
    .catch((error: Error) => error.message);
  const outcomes = await Promise.all([slowCommit, rolledBack]);
  return { outcomes, rows: await dataSource.query('SELECT n FROM isolation_probe ORDER BY n') };
}

/** The outbox relay publishes a transaction's rows from TypeORM's after-commit broadcast: it must come, and only for a commit. */
async function commitBroadcasts({ dataSource }: PgliteDatabase): Promise<{ commits: number; rollbacks: number }> {
  const seen = { commits: 0, rollbacks: 0 };
  dataSource.subscribers.push({
    afterTransactionCommit: () => void (seen.commits += 1),
    afterTransactionRollback: () => void (seen.rollbacks += 1),
  });
  await dataSource.transaction((manager) => manager.query('SELECT 1'));
  await dataSource.transaction(() => Promise.reject(new Error('rolled back'))).catch(() => undefined);
  return seen;
}

probe(process.argv[2]!).then(
  (answers) => process.stdout.write(`${JSON.stringify(answers)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
