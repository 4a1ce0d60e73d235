import { stageFacts } from './channel-stage';
import type { ChannelRecord, ClientRecord } from './records';

/**
 * A channel as the Partner API lists it in `partner_channels` and as channel_* webhooks carry
 * it in `data`. Field names follow public clients of `GET /partners/{id}/channels` (the docs
 * show no full example); `is_on_biz_app` marks coexistence numbers (seen in a public client,
 * unconfirmed).
 */
export function partnerChannelView(channel: ChannelRecord, client: ClientRecord): Record<string, unknown> {
  const facts = stageFacts(channel.stage);
  return {
    id: channel.id,
    client_id: channel.clientId,
    account_mode: 'live',
    status: facts.status,
    current_quality_rating: channel.qualityRating,
    current_limit: channel.messagingLimit,
    created_at: channel.createdAt,
    billing_started_at: channel.billingStartedAt,
    terminated_at: channel.terminatedAt,
    is_on_biz_app: channel.coexistence,
    setup_info: { phone_number: channel.phoneNumber, phone_name: channel.phoneName, was_in_use: channel.coexistence },
    waba_account: { id: channel.wabaId, fb_account_status: facts.fbAccountStatus, external_id: channel.wabaId },
    integration: { enabled: facts.integrationEnabled, app_id: channel.appId, state: facts.integrationState },
    client: clientView(client),
  };
}

export function clientView(client: ClientRecord): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    partner_payload: client.partnerPayload,
    contact_info: { email: client.email },
    created_at: client.createdAt,
  };
}
