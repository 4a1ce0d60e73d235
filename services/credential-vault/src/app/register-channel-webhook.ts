import type { ChannelKey } from '../domain/channel-key';
import { channelWebhookUrl } from '../domain/channel-webhook-url';
import { openApiKey } from '../domain/sealed-api-key';
import { VaultError } from '../domain/vault-errors';
import type { VaultDependencies } from './ports';

/**
 * Points the number's own webhook at CHANNEL_WEBHOOK_URL with the channel's key, unless this key
 * already did. The key is stored before this runs, so a failure leaves a retry (the same
 * ProvisionChannelKey call) that only repeats the registration, without a new 360dialog key.
 */
export async function registerChannelWebhook(
  deps: Pick<VaultDependencies, 'store' | 'keyring' | 'webhooks' | 'channelWebhookUrlTemplate'>,
  key: ChannelKey,
  plaintextKey: string | undefined,
): Promise<ChannelKey> {
  const template = deps.channelWebhookUrlTemplate;
  if (template === undefined || key.status !== 'active' || key.sealedKey === null) return key;
  const url = channelWebhookUrl(template, key.channelId);
  if (key.webhookUrl === url) return key;
  const apiKey = plaintextKey ?? openApiKey(deps.keyring, key.sealedKey, key);
  try {
    await deps.webhooks.register({ address: key.address, apiKey, url });
  } catch (error) {
    throw new VaultError('VAULT.WEBHOOK_REGISTRATION_FAILED', `the key of channel ${key.channelId} is stored, but registering its webhook failed; call again to retry`, {
      cause: error,
    });
  }
  await deps.store.transaction((tx) => tx.markWebhookRegistered(key.channelId, key.generation, url));
  return { ...key, webhookUrl: url };
}
