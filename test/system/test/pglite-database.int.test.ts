import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { compiledModule } from '../src/cli/cli-process';

const run = promisify(execFile);

/**
 * What embedded mode relies on: through TypeORM and node-postgres, a PGlite database answers the
 * services' queries as PostgreSQL does, keeps concurrent transactions apart, and keeps its data.
 */
describe('a PGlite database of embedded mode', () => {
  let dataDir: string;
  let answers: Record<string, unknown>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pglite-probe-'));
    const { stdout } = await run(process.execPath, [compiledModule('test/support/pglite-probe'), dataDir], { timeout: 90_000 });
    answers = JSON.parse(stdout) as Record<string, unknown>;
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('claims outbox rows with FOR UPDATE SKIP LOCKED and reports affected rows as node-postgres does', () => {
    expect(answers.claimed).toEqual([{ n: 1 }]);
    expect(answers.update).toEqual([[], 1]);
    expect(answers.deleted).toEqual([[], 1]);
  });

  it('returns jsonb parsed, bigint as a string and timestamps as dates', () => {
    expect(answers.typed).toEqual([{ payload: { n: 1 }, big: '9007199254740993', atIsDate: true }]);
  });

  it('records an inbox entry once with ON CONFLICT DO NOTHING, and takes advisory locks', () => {
    expect((answers.inbox as unknown[][]).map((rows) => rows.length)).toEqual([1, 0]);
    expect(answers.advisory).toEqual([{ locked: true }]);
  });

  it('never lets a rollback take another transaction’s rows with it', () => {
    expect(answers.isolation).toEqual({ outcomes: [null, 'rolled back'], rows: [{ n: 1 }, { n: 2 }] });
  });

  it('tells TypeORM’s subscribers of each commit and rollback, which the outbox relay publishes from', () => {
    expect(answers.commitsSeen).toEqual({ commits: 1, rollbacks: 1 });
  });

  it('keeps data and applied migrations across a reopen, applying none twice', () => {
    expect(answers.migrationsAfterReopen).toEqual([
      { name: 'CreateMessagingTables1767225600000' },
      { name: 'CreateOnboardingTables1767312000000' },
      { name: 'OrderOutboxByInsertion1767500000000' },
      { name: 'DropOutboxNotify1796601600000' },
    ]);
    expect(answers.rowsAfterReopen).toEqual([{ rows: '1' }]);
  });
});
