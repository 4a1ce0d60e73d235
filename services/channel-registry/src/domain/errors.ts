/** Every error code the registry answers with, on any transport. Stable: callers match on them. */
export const REGISTRY_ERROR_CODES = {
  /** No such channel for this tenant (another tenant's channel looks the same). */
  channelNotFound: 'CHANNEL.NOT_FOUND',
  /** LinkChannels: another tenant already owns the channel. */
  channelOwnedByOtherTenant: 'CHANNEL.OWNED_BY_OTHER_TENANT',
  /** A request field is missing or malformed. */
  invalidRequest: 'REQUEST.INVALID',
  /** A page token that this service did not issue. */
  invalidPageToken: 'REQUEST.INVALID_PAGE_TOKEN',
} as const;

export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[keyof typeof REGISTRY_ERROR_CODES];
