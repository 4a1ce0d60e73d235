import type { DataSource } from 'typeorm';
import type { AuditEntry, AuditTrail } from '../app/ports';
import { insertAuditEntries } from './audit-log.repository';
import { createMicroBatcher } from './micro-batcher';

export interface GroupCommitAuditTrail extends AuditTrail {
  /** Resolves once every entry recorded so far is settled. */
  drain(): Promise<void>;
}

export interface AuditTrailOptions {
  dataSource: DataSource;
  /** Largest number of entries per INSERT; defaults to 500. */
  maxBatchSize?: number;
  onBatch?: (size: number, failed: boolean) => void;
}

/**
 * Audit writes by group commit: entries of concurrent calls share one INSERT (one round trip,
 * one WAL flush). `record` resolves only once its entry's INSERT committed and rejects if it
 * failed, which is what lets reads fail closed. Two INSERTs may run at once, so a call never
 * waits behind more than half a batch cycle.
 */
export function createAuditTrail(options: AuditTrailOptions): GroupCommitAuditTrail {
  const batcher = createMicroBatcher(
    async (entries: AuditEntry[]) => {
      await insertAuditEntries(options.dataSource, entries);
      return entries.map(() => undefined);
    },
    { maxBatchSize: options.maxBatchSize ?? 500, maxInFlight: 2, ...(options.onBatch ? { onBatch: options.onBatch } : {}) },
  );
  return { record: (entry) => batcher.submit(entry), drain: () => batcher.drain() };
}
