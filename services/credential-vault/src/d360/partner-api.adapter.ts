import { D360ApiError, type MessagingApiClient, type PartnerApiClient } from '@chatpilot/d360-client';
import { CircuitOpenError } from '@chatpilot/resilience';
import type { ChannelWebhooks, PartnerApi } from '../app/ports';
import { VaultError } from '../domain/vault-errors';

/** The Partner API port over @chatpilot/d360-client (its breaker and retries included). */
export function partnerApiAdapter(client: PartnerApiClient): PartnerApi {
  return {
    createChannelApiKey: async (channelId) => {
      try {
        const created = await client.createChannelApiKey(channelId);
        return {
          apiKey: created.apiKey,
          address: created.address,
          ...(created.keyId === undefined ? {} : { d360KeyId: created.keyId }),
          ...(created.appId === undefined ? {} : { appId: created.appId }),
        };
      } catch (error) {
        throw partnerFailure(error, channelId);
      }
    },
  };
}

/** The number's webhook registration over the Messaging API client. */
export function channelWebhooksAdapter(client: MessagingApiClient): ChannelWebhooks {
  return {
    register: async ({ address, apiKey, url }) => {
      await client.configureWebhook({ address, apiKey, url });
    },
  };
}

/** 429/5xx/timeouts after the retries, or the breaker open: try later. Other answers: 360dialog said no. */
function partnerFailure(error: unknown, channelId: string): Error {
  if (error instanceof CircuitOpenError) {
    return new VaultError('VAULT.PARTNER_API_UNAVAILABLE', '360dialog Partner API calls are suspended (circuit open) after repeated failures', { cause: error });
  }
  if (!(error instanceof D360ApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.retryable) {
    return new VaultError('VAULT.PARTNER_API_UNAVAILABLE', `360dialog did not issue a key for channel ${channelId} (${error.code})`, { cause: error });
  }
  return new VaultError('VAULT.PARTNER_API_REJECTED', `360dialog refused to issue a key for channel ${channelId} (${error.code})`, { cause: error });
}
