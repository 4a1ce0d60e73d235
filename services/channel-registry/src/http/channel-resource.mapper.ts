import type { Channel } from '../domain/channel';

/** A channel in the internal HTTP API: snake_case, ISO 8601 timestamps, null when unknown. */
export function toChannelResource(channel: Channel): Record<string, unknown> {
  return {
    channel_id: channel.channelId,
    tenant_id: channel.tenantId,
    client_id: channel.clientId,
    waba_account_id: channel.wabaAccountId,
    phone_number: channel.phoneNumber,
    display_name: channel.displayName,
    status: channel.status,
    raw_status: channel.rawStatus,
    quality_rating: channel.qualityRating,
    messaging_limit: channel.messagingLimit,
    account_mode: channel.accountMode,
    coexistence: channel.coexistence,
    onboarding_session_id: channel.onboardingSessionId,
    linked_at: channel.linkedAt.toISOString(),
    status_changed_at: channel.statusChangedAt.toISOString(),
    last_event_at: channel.lastEventAt?.toISOString() ?? null,
    revoked_at: channel.revokedAt?.toISOString() ?? null,
  };
}
