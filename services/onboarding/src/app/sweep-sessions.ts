import { advanceSession } from './advance-session';
import { applyCommands } from './apply-commands';
import type { TransactionRunner } from './ports';
import type { SagaDeps } from './saga-deps';

export interface SweepDeps extends SagaDeps {
  runner: TransactionRunner;
  sweep: {
    /** A session whose step has not moved for this long is driven again (e.g. after a crash). */
    stallMs: number;
    batchSize: number;
  };
}

export interface SweepReport {
  expired: number;
  driven: number;
}

/**
 * The saga's safety net, run periodically: fails `pending` sessions whose state expired
 * (EXPIRED) and re-drives sessions whose step stalled — lost events, a crash between steps, a
 * dependency that was down for longer than the event retries lasted — or whose activation ran
 * out of time. Rows another replica is working on are skipped.
 */
export async function sweepSessions(deps: SweepDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const { sessions } = deps.runner.reader;
  let expired = 0;
  for (const sessionId of await sessions.findExpiredPendingIds(deps.sweep.batchSize)) {
    if (await expireSession(deps, sessionId)) expired += 1;
  }
  const due = await sessions.findIdsToDrive({
    idleSince: new Date(now.getTime() - deps.sweep.stallMs),
    activatingBefore: new Date(now.getTime() - deps.settings.activationTimeoutMs),
    limit: deps.sweep.batchSize,
  });
  for (const sessionId of due) await driveSession(deps, sessionId);
  return { expired, driven: due.length };
}

async function expireSession(deps: SweepDeps, sessionId: string): Promise<boolean> {
  return deps.runner.inTransaction(async (store) => {
    const session = await store.sessions.findById(sessionId, 'skip');
    if (session === undefined || session.status !== 'pending' || session.stateExpiresAt > deps.clock.now()) return false;
    return (await applyCommands(store, deps.metrics, session, [{ kind: 'fail', code: 'EXPIRED', at: deps.clock.now() }])) !== undefined;
  });
}

async function driveSession(deps: SweepDeps, sessionId: string): Promise<void> {
  try {
    await deps.runner.inTransaction((store) => advanceSession(deps, store, sessionId, 'skip'));
  } catch (error) {
    deps.logger.warn({ err: error, session_id: sessionId }, 'stalled session could not be advanced yet');
  } finally {
    await deps.runner.reader.sessions.markDriven(sessionId);
  }
}

