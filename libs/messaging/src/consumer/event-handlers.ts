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
}

export type EventHandler<Event> = (event: Event, context: EventHandlerContext) => Promise<void>;

/** One handler per event type the consumer subscribes to; the keys become the queue's bindings. */
export type EventHandlers = { [Type in EventType]?: EventHandler<EventEnvelope<Type>> };

/** The context of one delivery; its event logger is only built when a handler asks for it. */
export function handlerContext(entityManager: EntityManager, parentLogger: Logger, event: { id: string; type: string }, failedAttempts: number): EventHandlerContext {
  let logger: Logger | undefined;
  return {
    entityManager,
    failedAttempts,
    get logger() {
      logger ??= parentLogger.child({ event_id: event.id, event_type: event.type });
      return logger;
    },
  };
}

