import type { z } from 'zod';

export interface EventDefinition<Data extends z.ZodType = z.ZodType> {
  /** The schema version producers stamp on new events. */
  version: number;
  data: Data;
}

/** Every event type starting with `prefix` shares one schema (e.g. `d360.cancellation_*`). */
export interface EventFamilyDefinition<Prefix extends string = string, Data extends z.ZodType = z.ZodType>
  extends EventDefinition<Data> {
  prefix: Prefix;
}

export function defineEvent<Data extends z.ZodType>(definition: EventDefinition<Data>): EventDefinition<Data> {
  return definition;
}

export function defineEventFamily<const Prefix extends string, Data extends z.ZodType>(
  definition: EventFamilyDefinition<Prefix, Data>,
): EventFamilyDefinition<Prefix, Data> {
  return definition;
}
