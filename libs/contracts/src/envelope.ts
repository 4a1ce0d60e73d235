import { z } from 'zod';

/** Dotted lower-case words, which RabbitMQ topic bindings can match word by word. */
const EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/** The fields every event carries; `data` is checked against the event type's own schema. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must be dotted lower-case words, e.g. registry.channel.linked'),
  occurred_at: z.iso.datetime({ offset: true }),
  tenant_id: z.string().min(1).optional(),
  source: z.string().min(1),
  version: z.number().int().positive(),
  data: z.unknown(),
});

export type RawEventEnvelope = z.output<typeof eventEnvelopeSchema>;
