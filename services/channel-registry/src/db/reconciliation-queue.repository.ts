import type { DataSource } from 'typeorm';

import type { ReconciliationQueue } from '../app/ports';

/**
 * Due: never read since linking (fills the number, WABA and name); pending or ready longer than
 * `notRunningAfterMs` after linking and not read for `recheckEveryMs`; or not read for
 * `fullSweepEveryMs`. SKIP LOCKED lets replicas claim disjoint batches.
 */
export function createReconciliationQueue(dataSource: DataSource): ReconciliationQueue {
  return {
    claimDue: async (now, policy, limit) => {
      const before = (ms: number): Date => new Date(now.getTime() - ms);
      const [rows] = (await dataSource.query(
        `UPDATE whatsapp_accounts SET last_reconciled_at = $1
          WHERE channel_id IN (
            SELECT channel_id FROM whatsapp_accounts
             WHERE status <> 'revoked'
               AND (last_reconciled_at IS NULL
                    OR (status IN ('pending', 'ready') AND linked_at <= $2 AND last_reconciled_at <= $3)
                    OR last_reconciled_at <= $4)
             ORDER BY last_reconciled_at NULLS FIRST, linked_at
             LIMIT $5
             FOR UPDATE SKIP LOCKED)
          RETURNING channel_id`,
        [now, before(policy.notRunningAfterMs), before(policy.recheckEveryMs), before(policy.fullSweepEveryMs), limit],
      )) as [{ channel_id: string }[], number];
      return rows.map((row) => row.channel_id);
    },
    retryLater: async (channelIds, claimedAt, policy) => {
      if (channelIds.length === 0) return;
      // Stamped as if last read so long ago that the full sweep comes due again after recheckEveryMs.
      const stamp = new Date(claimedAt.getTime() - policy.fullSweepEveryMs + policy.recheckEveryMs);
      await dataSource.query(`UPDATE whatsapp_accounts SET last_reconciled_at = $1 WHERE channel_id = ANY($2::text[]) AND last_reconciled_at = $3`, [
        stamp,
        channelIds,
        claimedAt,
      ]);
    },
  };
}
