export { createEvent } from './create-event';
export type { CreateEventOptions } from './create-event';
export { eventEnvelopeSchema } from './envelope';
export type { RawEventEnvelope } from './envelope';
export { eventCatalog, eventFamilies, findEventDefinition, isKnownEventType } from './event-catalog';
export type {
  AnyEvent,
  CatalogEventType,
  EventData,
  EventDataInput,
  EventEnvelope,
  EventType,
  FamilyEventType,
} from './event-catalog';
export { defineEvent, defineEventFamily } from './event-definition';
export type { EventDefinition, EventFamilyDefinition } from './event-definition';
export { EventValidationError } from './event-validation-error';
export { channelStatusRevokesKey } from './channel-key-revocation';
export { EXTERNAL_ID_PATTERN } from './external-id';
export { parseEvent } from './parse-event';
export type { ParseEventResult } from './parse-event';
export { d360HistoryEventDataSchema, d360PartnerEventDataSchema } from './events/d360.events';
export type { D360HistoryEventData, D360PartnerEventData } from './events/d360.events';
export {
  onboardingSessionChannelsLinkedDataSchema,
  onboardingSessionStatusChangedDataSchema,
  onboardingSessionStatuses,
} from './events/onboarding.events';
export {
  registryChannelLinkedDataSchema,
  registryChannelQualityChangedDataSchema,
  registryChannelRevokedDataSchema,
  registryChannelStatusChangedDataSchema,
} from './events/registry.events';
export { vaultChannelKeyProvisionedDataSchema, vaultChannelKeyRevokedDataSchema } from './events/vault.events';
export { isPlainText, PLAIN_TEXT_PROBLEM, plainTextSchema } from './plain-text';
