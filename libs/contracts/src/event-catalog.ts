import type { z } from 'zod';

import type { EventDefinition, EventFamilyDefinition } from './event-definition';
import { d360EventFamilies, d360Events } from './events/d360.events';
import { onboardingEvents } from './events/onboarding.events';
import { registryEvents } from './events/registry.events';
import { vaultEvents } from './events/vault.events';

/** Every event type on the bus and the schema of its `data`. Routing key = type. */
export const eventCatalog = {
  ...d360Events,
  ...registryEvents,
  ...onboardingEvents,
  ...vaultEvents,
} as const;

/** Open-ended families: any type with the prefix is valid and shares the family's schema. */
export const eventFamilies = [...d360EventFamilies] as const;

type Catalog = typeof eventCatalog;
type Family = (typeof eventFamilies)[number];

export type CatalogEventType = keyof Catalog;
export type FamilyEventType = `${Family['prefix']}${string}`;
export type EventType = CatalogEventType | FamilyEventType;

type FamilyData<Type extends string, Input extends boolean> =
  Family extends infer F
    ? F extends EventFamilyDefinition<infer Prefix, infer Schema>
      ? Type extends `${Prefix}${string}`
        ? Input extends true
          ? z.input<Schema>
          : z.output<Schema>
        : never
      : never
    : never;

/** The validated `data` of an event type. */
export type EventData<Type extends EventType> = Type extends CatalogEventType
  ? z.output<Catalog[Type]['data']>
  : FamilyData<Type, false>;

/** What a producer passes to `createEvent` for an event type. */
export type EventDataInput<Type extends EventType> = Type extends CatalogEventType
  ? z.input<Catalog[Type]['data']>
  : FamilyData<Type, true>;

export interface EventEnvelope<Type extends EventType = EventType> {
  id: string;
  type: Type;
  /** ISO 8601 with offset. */
  occurred_at: string;
  tenant_id?: string;
  source: string;
  version: number;
  data: EventData<Type>;
}

/** Any valid event, discriminated by `type`. */
export type AnyEvent = { [Type in CatalogEventType]: EventEnvelope<Type> }[CatalogEventType] | EventEnvelope<FamilyEventType>;

/** The definition that governs `type`, or undefined when the catalog does not know it. */
export function findEventDefinition(type: string): EventDefinition | undefined {
  if (Object.hasOwn(eventCatalog, type)) return eventCatalog[type as CatalogEventType];
  return eventFamilies.find((family) => type.startsWith(family.prefix) && type.length > family.prefix.length);
}

export function isKnownEventType(type: string): type is EventType {
  return findEventDefinition(type) !== undefined;
}
