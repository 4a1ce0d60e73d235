import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/** An outbox row as the relay publishes it. */
export interface OutboxRowToPublish {
  id: string;
  type: string;
  /** The envelope as JSON text. */
  body: string;
}

interface WrittenRows {
  rows: OutboxRowToPublish[];
  /** Part of the transaction rolled back (to a savepoint): which rows survived is unknown. */
  rolledBack: boolean;
}

const WRITTEN_ROWS = Symbol('chatpilot.outbox.written');

function writtenRowsOf(queryRunner: QueryRunner): WrittenRows | undefined {
  return (queryRunner.data as { [WRITTEN_ROWS]?: WrittenRows })[WRITTEN_ROWS];
}

/** Notes rows the transaction of `entityManager` wrote to the outbox, for `watchOutboxCommits`. */
export function noteOutboxRows(entityManager: EntityManager, rows: readonly OutboxRowToPublish[]): void {
  const queryRunner = entityManager.queryRunner;
  if (queryRunner === undefined) return;
  const data = queryRunner.data as { [WRITTEN_ROWS]?: WrittenRows };
  const written = (data[WRITTEN_ROWS] ??= { rows: [], rolledBack: false });
  written.rows.push(...rows);
}

/**
 * Calls `onCommit` with the outbox rows of each transaction of `dataSource` right after it
 * commits, so they can be published without waiting for a poll. A transaction that rolled
 * anything back hands over nothing: the relay's poll publishes what it did commit. Returns the
 * function that stops watching.
 */
export function watchOutboxCommits(dataSource: DataSource, onCommit: (rows: OutboxRowToPublish[]) => void): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      // A released savepoint also broadcasts a commit; only the outermost one is durable.
      if (queryRunner.isTransactionActive) return;
      const written = writtenRowsOf(queryRunner);
      if (written === undefined) return;
      delete (queryRunner.data as { [WRITTEN_ROWS]?: WrittenRows })[WRITTEN_ROWS];
      if (!written.rolledBack && written.rows.length > 0) onCommit(written.rows);
    },
    afterTransactionRollback: ({ queryRunner }) => {
      const written = writtenRowsOf(queryRunner);
      if (written === undefined) return;
      if (queryRunner.isTransactionActive) written.rolledBack = true;
      else delete (queryRunner.data as { [WRITTEN_ROWS]?: WrittenRows })[WRITTEN_ROWS];
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}
