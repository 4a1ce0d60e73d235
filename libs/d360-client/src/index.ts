export { D360ApiError } from './d360-api-error';
export type { D360ErrorCode, RequestDescription } from './d360-api-error';
export { createPartnerApiClient, DEFAULT_PARTNER_API_URL } from './partner-api-client';
export type {
  CallOptions,
  ListChannelsQuery,
  PartnerApiAuth,
  PartnerApiBreakerOptions,
  PartnerApiClient,
  PartnerApiClientOptions,
} from './partner-api-client';
export type { ChannelApiKeyInfo, CreatedChannelApiKey, PartnerChannel, PartnerChannelPage } from './partner-api-responses';
export { createMessagingApiClient } from './messaging-api-client';
export type { ChannelCredentials, CloudApiMessage, MessagingApiClient, MessagingApiClientOptions, SentMessage } from './messaging-api-client';
export type { RetrySettings } from './retry-policy';
