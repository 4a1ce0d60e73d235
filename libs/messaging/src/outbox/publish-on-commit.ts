import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/** An outbox row as the relay publishes it. */
export interface OutboxRowToPublish {
  id: string;
  type: string;
  /** The envelope as JSON text. */
  body: string;
  /** Its `next_attempt_at` as inserted: the database's clock at the insert. */
  insertedAt: Date;
}

/** What a committed transaction wrote to the outbox. */
export interface CommittedRows {
  rows: OutboxRowToPublish[];
  /**
   * False when a statement of the transaction failed or part of it rolled back (to a savepoint):
   * which of the rows are in the database is unknown. A `COMMIT` after a failed statement even
   * commits nothing (PostgreSQL answers it with `ROLLBACK`, and TypeORM still reports a commit).
   */
  complete: boolean;
}

interface WrittenRows {
  rows: OutboxRowToPublish[];
  complete: boolean;
}

const WRITTEN_ROWS = Symbol('chatpilot.outbox.written');

type RunnerData = { [WRITTEN_ROWS]?: WrittenRows };

function writtenRows(queryRunner: QueryRunner): WrittenRows {
  const data = queryRunner.data as RunnerData;
  return (data[WRITTEN_ROWS] ??= { rows: [], complete: true });
}

function takeWrittenRows(queryRunner: QueryRunner): WrittenRows | undefined {
  const data = queryRunner.data as RunnerData;
  const written = data[WRITTEN_ROWS];
  delete data[WRITTEN_ROWS];
  return written;
}

/** Notes rows the transaction of `entityManager` wrote to the outbox, for `watchOutboxCommits`. */
export function noteOutboxRows(entityManager: EntityManager, rows: readonly OutboxRowToPublish[]): void {
  if (entityManager.queryRunner === undefined) return;
  writtenRows(entityManager.queryRunner).rows.push(...rows);
}

type CommitWatcher = (commit: CommittedRows) => void;

const watchersOf = new WeakMap<DataSource, Set<CommitWatcher>>();

/**
 * Calls `onCommit` right after each transaction of `dataSource` that wrote outbox rows commits,
 * with those rows, so they can be published (or handled) without waiting for a claim cycle.
 * Several watchers of one data source all see every commit. Returns the function that stops
 * watching.
 */
export function watchOutboxCommits(dataSource: DataSource, onCommit: CommitWatcher): () => void {
  let watchers = watchersOf.get(dataSource);
  if (watchers === undefined) {
    watchers = new Set();
    watchersOf.set(dataSource, watchers);
    dataSource.subscribers.push(commitSubscriber(watchers));
  }
  // A watcher added twice still gets each commit once per call.
  const watcher: CommitWatcher = (commit) => onCommit(commit);
  watchers.add(watcher);
  return () => {
    watchers.delete(watcher);
  };
}

/** The one subscriber per data source: takes each transaction's rows once and hands them to every watcher. */
function commitSubscriber(watchers: ReadonlySet<CommitWatcher>): EntitySubscriberInterface {
  return {
    afterQuery: ({ queryRunner, success }) => {
      if (!success && queryRunner.isTransactionActive) writtenRows(queryRunner).complete = false;
    },
    afterTransactionCommit: ({ queryRunner }) => {
      // A released savepoint also broadcasts a commit; only the outermost one ends the transaction.
      if (queryRunner.isTransactionActive) return;
      const written = takeWrittenRows(queryRunner);
      if (written === undefined || written.rows.length === 0) return;
      for (const watcher of watchers) watcher({ rows: written.rows, complete: written.complete });
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (queryRunner.isTransactionActive) writtenRows(queryRunner).complete = false;
      else takeWrittenRows(queryRunner);
    },
  };
}
