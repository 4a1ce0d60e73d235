import { eventEnvelopeSchema } from './envelope';
import { findEventDefinition } from './event-catalog';
import type { AnyEvent } from './event-catalog';
import { EventValidationError } from './event-validation-error';

export type ParseEventResult = { ok: true; event: AnyEvent } | { ok: false; error: EventValidationError };

/**
 * Checks an envelope read from the wire against the catalog. Bad input is expected here, so
 * the problem comes back as a value rather than an exception.
 */
export function parseEvent(raw: unknown): ParseEventResult {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: EventValidationError.fromZod(envelope.error) };
  const definition = findEventDefinition(envelope.data.type);
  if (!definition) {
    return { ok: false, error: new EventValidationError([`type: unknown event type "${envelope.data.type}"`]) };
  }
  if (envelope.data.version > definition.version) {
    return {
      ok: false,
      error: new EventValidationError([`version: ${envelope.data.version} is newer than the supported ${definition.version}`]),
    };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, error: EventValidationError.fromZod(data.error, ['data']) };
  return { ok: true, event: { ...envelope.data, data: data.data } as AnyEvent };
}
