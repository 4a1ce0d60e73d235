import { randomUUID } from 'node:crypto';

import { findEventDefinition } from './event-catalog';
import type { EventDataInput, EventEnvelope, EventType } from './event-catalog';
import { EventValidationError } from './event-validation-error';
import { parseEvent } from './parse-event';

export interface CreateEventOptions {
  /** The publishing service, e.g. `channel-registry`. */
  source: string;
  tenantId?: string;
  /** Defaults to a random UUID; pass a deterministic one to make re-publishing idempotent. */
  id?: string;
  occurredAt?: Date;
}

/**
 * A validated event envelope stamped with the catalog's current version, ready for the outbox.
 * Invalid input is a producer bug, so it throws an `EventValidationError`.
 */
export function createEvent<Type extends EventType>(
  type: Type,
  data: EventDataInput<Type>,
  options: CreateEventOptions,
): EventEnvelope<Type> {
  const definition = findEventDefinition(type);
  if (!definition) throw new EventValidationError([`type: unknown event type "${type}"`]);
  const result = parseEvent({
    id: options.id ?? randomUUID(),
    type,
    occurred_at: (options.occurredAt ?? new Date()).toISOString(),
    ...(options.tenantId === undefined ? {} : { tenant_id: options.tenantId }),
    source: options.source,
    version: definition.version,
    data,
  });
  if (!result.ok) throw result.error;
  return result.event as EventEnvelope<Type>;
}
