import { type AnyEvent, parseEvent } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { DataSource } from 'typeorm';

import { recordInInbox } from '../inbox/inbox-store';
import type { MessagingMetrics } from '../metrics';
import { sleep } from '@chatpilot/resilience';
import { describeError } from '../support/describe-error';
import type { DeadLetterReason, DeliveryDecision, InboundDelivery } from '../transport/message-transport';
import { CommitEffects, type EventHandler, type EventHandlers, handlerContext } from './event-handlers';
import { isNonRetryable } from './handler-errors';
import { type BatchGrouping, createInboxBatcher, type InboxOutcome, type InboxWork } from './inbox-batcher';

export interface DeliveryPolicy {
  /** Handler failures after which a delivery is dead-lettered. */
  maxAttempts: number;
  /** Delay before attempt n+1 is retryDelaysMs[n-1]; the last value repeats. */
  retryDelaysMs: readonly number[];
  /** Deliveries sharing one inbox transaction at most (1: one transaction each). */
  maxBatchSize: number;
  /** Whether a batch may mix concurrency keys (inbox-batcher). */
  batchBy: BatchGrouping;
  maxConcurrentBatches: number;
}

export interface DeliveryHandlerDependencies {
  consumer: string;
  dataSource: DataSource;
  handlers: EventHandlers;
  policy: DeliveryPolicy;
  /** Events with the same key never share the database in two transactions at once (inbox-batcher). */
  concurrencyKeyOf(event: AnyEvent): string | undefined;
  /** Takes each key's advisory lock in its transaction, so replicas take turns too (inbox-store). */
  lockKeysAcrossReplicas?: boolean;
  /** Events acked without an inbox transaction: their handler would do nothing. */
  ignores?: (event: AnyEvent) => boolean;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Aborted on shutdown, to cut an infrastructure backoff short. */
  signal: AbortSignal;
}

const INFRASTRUCTURE_PAUSE_MS = { min: 500, max: 10_000 };
/** Ids of events handled at once after their commit, until the broker's copy comes; oldest forgotten first beyond this. */
const HANDLED_AT_COMMIT_REMEMBERED = 10_000;

export interface DeliveryHandler {
  /** A delivery from the broker → what to tell the broker. */
  handle(delivery: InboundDelivery): Promise<DeliveryDecision>;
  /**
   * An event (its envelope's JSON) this process has just committed to its outbox, handled without waiting for the broker
   * (same inbox, same key order). Never rejects: a failure is left to the broker's copy.
   */
  handleCommitted(body: string): Promise<void>;
}

/** The handler threw: its error counts as an attempt. Anything else failing is infrastructure. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super(describeError(failure));
  }
}

/**
 * Turns a delivery into a decision: validate the envelope, then in one transaction record the
 * event id in the inbox and run the handler (deliveries arriving together may share that
 * transaction, see inbox-batcher). Duplicates and successes are acked; handler failures retry
 * with backoff until non-retryable or out of attempts, then dead-letter.
 */
export function createDeliveryHandler(deps: DeliveryHandlerDependencies): DeliveryHandler {
  const infrastructure = createInfrastructureBackoff(deps.signal);
  const processAlone = async ({ event, handler, failedAttempts }: InboxWork): Promise<InboxOutcome> => {
    const effects = new CommitEffects();
    const outcome = await deps.dataSource.transaction(async (entityManager): Promise<InboxOutcome> => {
      const key = deps.concurrencyKeyOf(event);
      const lockKeys = deps.lockKeysAcrossReplicas && key !== undefined ? [key] : [];
      if (!(await recordInInbox(entityManager, deps.consumer, event, lockKeys))) return 'duplicate';
      try {
        await handler(event, handlerContext(entityManager, deps.logger, event, failedAttempts, effects));
      } catch (error) {
        throw new HandlerFailure(error);
      }
      return 'processed';
    });
    effects.run(deps.logger);
    return outcome;
  };
  const processInInbox = createInboxBatcher({ ...deps, ...deps.policy, processAlone });

  // Events handled (or being handled) at their commit, by id: true once the inbox holds them. Their
  // broker copies, often here before that transaction ends, then need no transaction of their own.
  const handledAtCommit = new Map<string, Promise<boolean>>();
  const rememberHandledAtCommit = (eventId: string, handled: Promise<boolean>): void => {
    handledAtCommit.set(eventId, handled);
    if (handledAtCommit.size > HANDLED_AT_COMMIT_REMEMBERED) handledAtCommit.delete(handledAtCommit.keys().next().value!);
  };
  const wasHandledAtCommit = async (eventId: string): Promise<boolean> => {
    const handled = handledAtCommit.get(eventId);
    if (handled === undefined) return false;
    handledAtCommit.delete(eventId);
    return handled;
  };

  const handle = async (delivery: InboundDelivery): Promise<DeliveryDecision> => {
    const startedAt = performance.now();
    const decoded = decode(delivery.body);
    if (!decoded.ok) {
      deps.logger.warn({ message_id: delivery.messageId, err: decoded.error }, 'invalid event envelope; dead-lettering');
      return deadLetter(deps, 'unknown', { reason: 'INVALID_ENVELOPE', failedAttempts: delivery.failedAttempts, error: decoded.error });
    }
    const event = decoded.event;
    const handler = deps.handlers[event.type] as EventHandler<AnyEvent> | undefined;
    if (!handler) {
      deps.logger.warn({ event_id: event.id, event_type: event.type }, 'no handler for this event type; dead-lettering');
      return deadLetter(deps, event.type, { reason: 'UNHANDLED_EVENT_TYPE', failedAttempts: delivery.failedAttempts, error: `no handler for ${event.type}` });
    }
    if (deps.ignores?.(event)) {
      deps.metrics.consumed.inc({ consumer: deps.consumer, type: event.type, outcome: 'ignored' });
      observe(deps, event.type, 'ignored', startedAt);
      return { action: 'ack' };
    }
    if (await wasHandledAtCommit(event.id.toLowerCase())) {
      deps.metrics.consumed.inc({ consumer: deps.consumer, type: event.type, outcome: 'duplicate' });
      observe(deps, event.type, 'duplicate', startedAt);
      return { action: 'ack' };
    }
    try {
      const outcome = await processInInbox({ event, handler, failedAttempts: delivery.failedAttempts });
      infrastructure.recovered();
      deps.metrics.consumed.inc({ consumer: deps.consumer, type: event.type, outcome });
      observe(deps, event.type, outcome, startedAt);
      return { action: 'ack' };
    } catch (error) {
      observe(deps, event.type, 'failed', startedAt);
      if (error instanceof HandlerFailure) return handlerFailed(deps, event, delivery.failedAttempts + 1, error.failure);
      deps.logger.warn({ err: describeError(error), event_id: event.id }, 'inbox transaction failed; retrying without counting an attempt');
      await infrastructure.pause();
      return retry(deps, event.type, delivery.failedAttempts, describeError(error));
    }
  };

  const handleCommitted = async (body: string): Promise<void> => {
    const startedAt = performance.now();
    const decoded = decode(body);
    if (!decoded.ok) return;
    const { event } = decoded;
    const handler = deps.handlers[event.type] as EventHandler<AnyEvent> | undefined;
    if (!handler || deps.ignores?.(event)) return;
    const handling = processInInbox({ event, handler, failedAttempts: 0 }).then(
      (outcome) => {
        deps.metrics.consumed.inc({ consumer: deps.consumer, type: event.type, outcome });
        observe(deps, event.type, outcome, startedAt);
        return true;
      },
      (error: unknown) => {
        const failure = error instanceof HandlerFailure ? error.failure : error;
        deps.logger.info({ err: describeError(failure), event_id: event.id, event_type: event.type }, 'handling an event at its commit failed; its broker delivery retries it');
        return false;
      },
    );
    rememberHandledAtCommit(event.id.toLowerCase(), handling);
    await handling;
  };

  return { handle, handleCommitted };
}

function handlerFailed(deps: DeliveryHandlerDependencies, event: AnyEvent, failedAttempts: number, failure: unknown): DeliveryDecision {
  const error = describeError(failure);
  const logger = deps.logger.child({ event_id: event.id, event_type: event.type, failed_attempts: failedAttempts });
  if (isNonRetryable(failure)) {
    logger.warn({ err: error }, 'handler failed permanently; dead-lettering');
    return deadLetter(deps, event.type, { reason: 'NON_RETRYABLE', failedAttempts, error });
  }
  if (failedAttempts >= deps.policy.maxAttempts) {
    logger.warn({ err: error }, 'handler failed on every attempt; dead-lettering');
    return deadLetter(deps, event.type, { reason: 'ATTEMPTS_EXHAUSTED', failedAttempts, error });
  }
  logger.info({ err: error }, 'handler failed; retrying later');
  return retry(deps, event.type, failedAttempts, error);
}

function retry(deps: DeliveryHandlerDependencies, type: string, failedAttempts: number, error: string): DeliveryDecision {
  const delays = deps.policy.retryDelaysMs;
  const delayMs = delays[Math.min(Math.max(failedAttempts - 1, 0), delays.length - 1)]!;
  deps.metrics.retried.inc({ consumer: deps.consumer, type });
  return { action: 'retry', delayMs, failedAttempts, error };
}

function deadLetter(
  deps: DeliveryHandlerDependencies,
  type: string,
  details: { reason: DeadLetterReason; failedAttempts: number; error: string },
): DeliveryDecision {
  deps.metrics.deadLettered.inc({ consumer: deps.consumer, type, reason: details.reason });
  return { action: 'dead-letter', ...details };
}

function decode(body: Buffer | string): { ok: true; event: AnyEvent } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  const parsed = parseEvent(raw);
  return parsed.ok ? parsed : { ok: false, error: parsed.error.message };
}

function observe(deps: DeliveryHandlerDependencies, type: string, outcome: string, startedAt: number): void {
  deps.metrics.handlerDurationSeconds.observe({ consumer: deps.consumer, type, outcome }, (performance.now() - startedAt) / 1000);
}

/**
 * While the database is unreachable every delivery fails the same way; pausing before handing
 * each back keeps the consumer from spinning messages through the delay queue at full speed.
 * The pause grows with the length of the outage (not with the number of failed deliveries), so
 * the consumer is back to work soon after the database is.
 */
function createInfrastructureBackoff(signal: AbortSignal): { pause(): Promise<void>; recovered(): void } {
  let outageStartedAt: number | undefined;
  let currentPause: Promise<void> | undefined;
  return {
    // Deliveries failing together wait out one shared pause.
    pause: () => {
      outageStartedAt ??= Date.now();
      if (currentPause) return currentPause;
      const ceiling = Math.min(Math.max((Date.now() - outageStartedAt) / 2, INFRASTRUCTURE_PAUSE_MS.min), INFRASTRUCTURE_PAUSE_MS.max);
      currentPause = sleep(ceiling / 2 + Math.random() * (ceiling / 2), signal).finally(() => {
        currentPause = undefined;
      });
      return currentPause;
    },
    recovered: () => {
      outageStartedAt = undefined;
    },
  };
}
