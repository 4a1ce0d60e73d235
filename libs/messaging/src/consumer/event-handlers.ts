import type { EventEnvelope, EventType } from '@chatpilot/contracts';
import type { Logger } from '@chatpilot/logger';
import type { EntityManager } from 'typeorm';

export interface EventHandlerContext {
  /** The transaction that also records the event in the inbox: write the effect through it. */
  entityManager: EntityManager;
  /** Carries the event id and type. */
  logger: Logger;
  /** How many earlier attempts failed (0 on the first). */
  failedAttempts: number;
  /**
   * Runs `effect` once the transaction commits, never if it rolls back (the delivery is then
   * handled again and registers it again): for what must not count an effect that did not
   * happen, such as metrics.
   */
  afterCommit(effect: () => void): void;
}

export type EventHandler<Event> = (event: Event, context: EventHandlerContext) => Promise<void>;

/** One handler per event type the consumer subscribes to; the keys become the queue's bindings. */
export type EventHandlers = { [Type in EventType]?: EventHandler<EventEnvelope<Type>> };

/** What the handlers of one transaction asked to run once it commits. */
export class CommitEffects {
  private readonly effects: (() => void)[] = [];

  add(effect: () => void): void {
    this.effects.push(effect);
  }

  /** After the commit: runs each effect once; one that throws is logged and does not stop the others. */
  run(logger: Logger): void {
    for (const effect of this.effects.splice(0)) {
      try {
        effect();
      } catch (error) {
        logger.warn({ err: error }, 'an after-commit effect failed');
      }
    }
  }
}

/** The context of one delivery; its event logger is only built when a handler asks for it. */
export function handlerContext(
  entityManager: EntityManager,
  parentLogger: Logger,
  event: { id: string; type: string },
  failedAttempts: number,
  effects: CommitEffects,
): EventHandlerContext {
  let logger: Logger | undefined;
  return {
    entityManager,
    failedAttempts,
    afterCommit: (effect) => effects.add(effect),
    get logger() {
      logger ??= parentLogger.child({ event_id: event.id, event_type: event.type });
      return logger;
    },
  };
}

