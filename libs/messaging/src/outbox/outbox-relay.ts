import type { Logger } from '@chatpilot/logger';
import type { DataSource, EntityManager } from 'typeorm';

import type { MessagingMetrics } from '../metrics';
import { sleep } from '@chatpilot/resilience';
import { backoffDelayMs } from '../support/backoff';
import { describeError } from '../support/describe-error';
import { within } from '../support/within';
import type { MessageTransport, PublishOutcome } from '../transport/message-transport';
import { type CommittedRows, type OutboxRowToPublish, watchOutboxCommits } from './publish-on-commit';
import {
  claimDueRows,
  type DueOutboxRow,
  markPublished,
  outboxBacklog,
  type OutboxRetryPolicy,
  anyRowDue,
  databaseClock,
  postponeRejected,
  triedAmong,
  probeParked,
  prunePublished,
  type Rejection,
  unparkTypes,
} from './outbox-store';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  transport: MessageTransport;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Rows claimed and published per transaction; defaults to 200. */
  batchSize?: number;
  /** Pause between claim cycles while there is nothing left to claim; defaults to 1 s. */
  pollIntervalMs?: number;
  /**
   * How long (from its insert) a claim cycle leaves a row never tried to the relay of the process
   * that wrote it, which publishes it as its transaction commits; defaults to 5 s.
   */
  commitGraceMs?: number;
  /**
   * Backoff for rows the broker refused; defaults to 1 s doubling up to 5 min. A row no queue
   * will take is parked at its 12th attempt (after about 20 minutes) by default.
   */
  rejectedRetry?: Partial<OutboxRetryPolicy>;
  /** How often the oldest parked row of each type is tried again; defaults to 10 min. */
  probeParkedIntervalMs?: number;
  /** How long published rows are kept for inspection; defaults to 7 days. */
  publishedRetentionMs?: number;
  pruneIntervalMs?: number;
  lagSampleIntervalMs?: number;
}

export interface RelayCycle {
  claimed: number;
  unconfirmed: number;
}

export interface OutboxRelay {
  /** Starts publishing this process's commits as they happen, and the claim cycles. */
  start(): void;
  /**
   * Finishes the cycle and the publish in progress, then stops. Commits still waiting stay in the
   * outbox, for another relay once the grace has passed, or for this service's next start.
   */
  stop(): Promise<void>;
  /** One claim-publish-mark cycle. */
  relayOnce(): Promise<RelayCycle>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FAILURE_BACKOFF_MS = 30_000;
/** Between claim cycles that found nothing to claim while still catching up. */
const CATCH_UP_PAUSE_MS = 50;
/** Commits' rows held or queued at most; beyond, they are left to the claim cycles (they are in the outbox). */
const MAX_WAITING_ROWS = 10_000;
/** How long stop waits for the commit path's publish: the transport gives up on a broker that does not answer before. */
const STOP_GRACE_MS = 35_000;

/**
 * Publishes outbox rows with publisher confirms, on two paths:
 * - as they commit: the rows a transaction of this process wrote are published right after its
 *   commit, without a claim, one publish at a time (the commits that came meanwhile go together,
 *   in commit order); confirmed ones are then marked published, refused ones postponed.
 * - by claim cycles: a cycle claims due rows (FOR UPDATE SKIP LOCKED), publishes them, and in the
 *   same transaction marks confirmed rows published and postpones refused ones. Rows never tried
 *   are left to their writer's commit path for `commitGraceMs`; the cycles take what it could not
 *   publish (a crash after the commit, another process's rows).
 * Whenever the commit path leaves a commit to the claim cycles (the broker out of reach, a publish
 * unconfirmed, a transaction that lost a statement), later commits wait until the cycles have
 * published every row inserted up to the ones left, so they never overtake it (README, Publishing).
 * Rows whose fate is unknown stay as they were and go out again: consumers deduplicate through
 * their inbox.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { dataSource, transport, metrics } = options;
  const logger = options.logger.child({ component: 'outbox-relay' });
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const rejectedRetry: OutboxRetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, parkUnroutableAfterAttempts: 12, ...options.rejectedRetry };
  const commitGraceMs = options.commitGraceMs ?? 5_000;
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;
  let stopWatchingCommits: (() => void) | undefined;
  // Rows of commits not published yet, in commit order: waiting for the publish in flight, or
  // held while claim cycles go first.
  let committed: OutboxRowToPublish[] = [];
  let publishingCommitted: Promise<void> | undefined;
  // Claim cycles go first from the start (rows a stopped or crashed process left) and whenever
  // commits were left to them, until nothing is due. Meanwhile they take every row inserted by the
  // last row left to them (the database's clock), not only those older than the grace; rows
  // inserted later are for their writers to publish.
  let claimsFirst = true;
  let leftToClaims = 0;
  // Undefined until the first cycle reads the database's clock: what was inserted before it started.
  let catchUpTo: Date | undefined;

  /** These rows, and those of the commits waiting, are in the outbox: the claim cycles publish them. */
  const leaveToClaims = (rows: readonly OutboxRowToPublish[]): void => {
    claimsFirst = true;
    metrics.relayCatchingUp.set(1);
    leftToClaims += 1;
    // PostgreSQL keeps microseconds, a Date milliseconds: a millisecond more covers the row itself.
    for (const row of [...rows, ...committed]) {
      if (catchUpTo === undefined || row.insertedAt.getTime() + 1 > catchUpTo.getTime()) catchUpTo = new Date(row.insertedAt.getTime() + 1);
    }
    committed = [];
  };

  const relayOnce = async (): Promise<RelayCycle> => {
    const connected = transport.isConnected();
    metrics.brokerConnected.set(connected ? 1 : 0);
    if (!connected) return { claimed: 0, unconfirmed: 0 };
    const leftBefore = leftToClaims;
    if (claimsFirst && catchUpTo === undefined) catchUpTo = new Date((await databaseClock(dataSource)).getTime() + 1);
    const cycle = await dataSource.transaction(async (entityManager) => {
      const rows = await claimDueRows(entityManager, batchSize, freshRows());
      if (rows.length === 0) return { claimed: 0, unconfirmed: 0 };
      const unconfirmed = await publishAndSettle(entityManager, rows, (ids) => markPublished(entityManager, ids));
      return { claimed: rows.length, unconfirmed };
    });
    // Nothing due, and no commit left to the claims while this cycle looked: the held commits, and
    // those to come, go out as they commit.
    if (claimsFirst && cycle.claimed === 0 && leftToClaims === leftBefore) await stopCatchingUp(leftBefore);
    return cycle;
  };

  const freshRows = () => ({ graceMs: commitGraceMs, dueIfInsertedBy: claimsFirst ? catchUpTo : undefined });

  const stopCatchingUp = async (leftBefore: number): Promise<void> => {
    // A claim skips rows another relay has claimed: they are due all the same, and go out first.
    if (await anyRowDue(dataSource, freshRows())) return;
    // A commit's rows can reach a claim cycle before its own callback does: those were tried already.
    if (committed.length > 0) {
      const tried = await triedAmong(dataSource, committed.map((row) => row.id));
      committed = committed.filter((row) => !tried.has(row.id.toLowerCase()));
    }
    if (leftToClaims !== leftBefore) return;
    claimsFirst = false;
    metrics.relayCatchingUp.set(0);
    if (committed.length > 0) publishingCommitted ??= publishCommitted();
  };

  /** Publishes the rows, then records what the broker did with them through `entityManager`; returns how many are unconfirmed. */
  const publishAndSettle = async (entityManager: EntityManager, rows: readonly DueOutboxRow[], markConfirmed: (ids: readonly string[]) => Promise<void>): Promise<number> => {
    metrics.relayBatchSize.observe(rows.length);
    const outcomes = await transport.publish(rows.map((row) => ({ id: row.id, type: row.type, body: Buffer.from(row.body) })));
    const { confirmed, rejected, unconfirmed } = sortOutcomes(outcomes);
    forgetRefusals(rows, confirmed);
    await markConfirmed(confirmed);
    const parked = await postponeRejected(entityManager, rejected, rejectedRetry);
    await releaseParkedTypes(entityManager, rows, confirmed);
    countOutcomes(metrics, rows, outcomes);
    if (rejected.length > 0) logRejections(rows, rejected, parked);
    if (unconfirmed.length > 0) logger.warn({ count: unconfirmed.length, reason: unconfirmed[0] }, 'outbox events unconfirmed; will publish again');
    return unconfirmed.length;
  };

  const onCommit = (commit: CommittedRows): void => {
    if (stopping.signal.aborted) return;
    if (!commit.complete || !transport.isConnected() || committed.length + commit.rows.length > MAX_WAITING_ROWS) {
      leaveToClaims(commit.rows);
      return;
    }
    committed.push(...commit.rows);
    if (!claimsFirst) publishingCommitted ??= publishCommitted();
  };

  // Outside any transaction: the mark is a statement of its own, and so is a postponement.
  const publishCommitted = async (): Promise<void> => {
    while (committed.length > 0 && !claimsFirst) {
      const batch = committed;
      committed = [];
      const rows = batch.map(({ id, type, body }) => ({ id, type, body, attempts: 0 }));
      try {
        if ((await publishAndSettle(dataSource.manager, rows, (ids) => markPublished(dataSource.manager, ids))) > 0) leaveToClaims(batch);
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'publishing committed outbox events failed; claim cycles take over');
        leaveToClaims(batch);
      }
    }
    publishingCommitted = undefined;
  };

  // Each retry of a refused type would warn again (1 s, 2 s, 4 s … apart): warned once per type
  // until one of its rows goes out, then at debug level; the unroutable gauge and the lag keep count.
  const refusedTypes = new Set<string>();
  const logRejections = (rows: readonly DueOutboxRow[], rejected: readonly Rejection[], parkedIds: ReadonlySet<string>): void => {
    const typeById = new Map(rows.map((row) => [row.id, row.type]));
    const postponed = rejected.filter((r) => !parkedIds.has(r.id)).map((r) => ({ ...r, type: typeById.get(r.id) ?? 'unknown' }));
    const firstOfType = postponed.filter((r) => !refusedTypes.has(r.type));
    for (const r of postponed) refusedTypes.add(r.type);
    if (firstOfType.length > 0) logger.warn({ rejected: firstOfType }, 'broker refused outbox events; postponed (further refusals of these types are logged at debug level)');
    if (postponed.length > firstOfType.length) logger.debug({ rejected: postponed.filter((r) => !firstOfType.includes(r)) }, 'broker refused outbox events again; postponed');
    if (parkedIds.size > 0) {
      const types = [...new Set(rows.filter((row) => parkedIds.has(row.id)).map((row) => row.type))];
      logger.warn({ types, count: parkedIds.size }, 'no queue is bound to these event types; their outbox rows are parked until one is');
    }
  };

  const forgetRefusals = (rows: readonly DueOutboxRow[], confirmed: readonly string[]): void => {
    if (refusedTypes.size === 0) return;
    const confirmedIds = new Set(confirmed);
    for (const row of rows) if (confirmedIds.has(row.id)) refusedTypes.delete(row.type);
  };

  // A confirmed row that had been parked was a probe: its type is routable again.
  const releaseParkedTypes = async (entityManager: EntityManager, rows: readonly DueOutboxRow[], confirmed: readonly string[]): Promise<void> => {
    const confirmedIds = new Set(confirmed);
    const types = [
      ...new Set(rows.filter((row) => confirmedIds.has(row.id) && row.attempts >= rejectedRetry.parkUnroutableAfterAttempts).map((row) => row.type)),
    ];
    const released = await unparkTypes(entityManager, types);
    if (released > 0) logger.info({ types, released }, 'parked event types are routable again; publishing their outbox rows');
  };

  const housekeeping = createHousekeeping(options, logger);

  const run = async (): Promise<void> => {
    for (let failures = 0; !stopping.signal.aborted; ) {
      try {
        await housekeeping.runDue();
        const cycle = await relayOnce();
        failures = 0;
        if (cycle.unconfirmed === 0) {
          if (cycle.claimed === batchSize || (claimsFirst && cycle.claimed > 0)) continue;
          // Catching up, commits wait for the cycles: the next comes soon (rows another relay holds, a commit left meanwhile).
          if (claimsFirst && transport.isConnected()) {
            await sleep(CATCH_UP_PAUSE_MS, stopping.signal);
            continue;
          }
        }
      } catch (error) {
        failures += 1;
        logger.warn({ err: describeError(error), failures }, 'outbox relay cycle failed');
        await sleep(backoffDelayMs(failures, { baseDelayMs: pollIntervalMs, maxDelayMs: MAX_FAILURE_BACKOFF_MS }), stopping.signal);
        continue;
      }
      await sleep(pollIntervalMs, stopping.signal);
    }
  };

  return {
    start: () => {
      if (loop) return;
      metrics.relayCatchingUp.set(1);
      stopWatchingCommits = watchOutboxCommits(dataSource, onCommit);
      loop = run();
    },
    stop: async () => {
      stopping.abort();
      stopWatchingCommits?.();
      await loop;
      if (publishingCommitted) await within(publishingCommitted, STOP_GRACE_MS);
      metrics.relayCatchingUp.set(0);
    },
    relayOnce,
  };
}

function sortOutcomes(outcomes: readonly PublishOutcome[]): { confirmed: string[]; rejected: Rejection[]; unconfirmed: string[] } {
  const sorted = { confirmed: [] as string[], rejected: [] as Rejection[], unconfirmed: [] as string[] };
  for (const outcome of outcomes) {
    if (outcome.status === 'confirmed') sorted.confirmed.push(outcome.id);
    else if (outcome.status === 'rejected') sorted.rejected.push({ id: outcome.id, reason: outcome.reason, unroutable: outcome.unroutable });
    else sorted.unconfirmed.push(outcome.reason);
  }
  return sorted;
}

function countOutcomes(metrics: MessagingMetrics, rows: readonly DueOutboxRow[], outcomes: readonly PublishOutcome[]): void {
  const typeById = new Map(rows.map((row) => [row.id, row.type]));
  for (const outcome of outcomes) metrics.published.inc({ type: typeById.get(outcome.id) ?? 'unknown', outcome: outcome.status });
}

/** Samples the outbox backlog, probes parked types and prunes old published rows, each at its own pace. */
function createHousekeeping(options: OutboxRelayOptions, logger: Logger): { runDue(): Promise<void> } {
  const lagEveryMs = options.lagSampleIntervalMs ?? 5_000;
  const probeEveryMs = options.probeParkedIntervalMs ?? 10 * 60_000;
  const pruneEveryMs = options.pruneIntervalMs ?? 60 * 60_000;
  const retentionMs = options.publishedRetentionMs ?? 7 * DAY_MS;
  let nextLagAt = 0;
  let nextProbeAt = 0;
  let nextPruneAt = 0;
  return {
    runDue: async () => {
      const now = Date.now();
      try {
        if (now >= nextLagAt) {
          nextLagAt = now + lagEveryMs;
          const backlog = await outboxBacklog(options.dataSource);
          options.metrics.outboxLagSeconds.set(backlog.lagSeconds);
          options.metrics.outboxUnroutable.set(backlog.unroutable);
          options.metrics.outboxParked.set(backlog.parked);
        }
        if (now >= nextProbeAt) {
          nextProbeAt = now + probeEveryMs;
          const probed = await probeParked(options.dataSource);
          if (probed.length > 0) logger.info({ types: probed }, 'trying parked event types again');
        }
        if (now >= nextPruneAt) {
          nextPruneAt = now + pruneEveryMs;
          const pruned = await prunePublished(options.dataSource, retentionMs);
          if (pruned > 0) logger.info({ pruned }, 'pruned published outbox rows');
        }
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'outbox housekeeping failed');
      }
    },
  };
}
