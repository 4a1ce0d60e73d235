import type { ChannelLinkResult } from '../app/link-channels';
import type { RevokeOutcome } from '../app/mark-revoked';
import type { Channel } from '../domain/channel';
import type { ChannelStatus } from '../domain/channel-status';
import type { ChannelMessage, ChannelStatusMessage, LinkOutcomeMessage, RevokeOutcomeMessage } from './registry-proto';

const STATUS_MESSAGES: Record<ChannelStatus, ChannelStatusMessage> = {
  pending: 'CHANNEL_STATUS_PENDING',
  ready: 'CHANNEL_STATUS_READY',
  running: 'CHANNEL_STATUS_RUNNING',
  restricted: 'CHANNEL_STATUS_RESTRICTED',
  offboarded: 'CHANNEL_STATUS_OFFBOARDED',
  revoked: 'CHANNEL_STATUS_REVOKED',
  error: 'CHANNEL_STATUS_ERROR',
};

const LINK_OUTCOME_MESSAGES: Record<ChannelLinkResult['outcome'], LinkOutcomeMessage> = {
  linked: 'LINK_OUTCOME_LINKED',
  already_linked: 'LINK_OUTCOME_ALREADY_LINKED',
  conflict: 'LINK_OUTCOME_CONFLICT',
};

const REVOKE_OUTCOME_MESSAGES: Record<RevokeOutcome, RevokeOutcomeMessage> = {
  revoked: 'REVOKE_OUTCOME_REVOKED',
  already_revoked: 'REVOKE_OUTCOME_ALREADY_REVOKED',
  not_found: 'REVOKE_OUTCOME_NOT_FOUND',
};

export const toChannelStatusMessage = (status: ChannelStatus): ChannelStatusMessage => STATUS_MESSAGES[status];
export const toLinkOutcomeMessage = (outcome: ChannelLinkResult['outcome']): LinkOutcomeMessage => LINK_OUTCOME_MESSAGES[outcome];
export const toRevokeOutcomeMessage = (outcome: RevokeOutcome): RevokeOutcomeMessage => REVOKE_OUTCOME_MESSAGES[outcome];

const timestamp = (value: Date | null): string => value?.toISOString() ?? '';

export function toChannelMessage(channel: Channel): ChannelMessage {
  return {
    tenant_id: channel.tenantId,
    channel_id: channel.channelId,
    client_id: channel.clientId,
    waba_account_id: channel.wabaAccountId ?? '',
    phone_number: channel.phoneNumber ?? '',
    display_name: channel.displayName ?? '',
    status: toChannelStatusMessage(channel.status),
    raw_status: channel.rawStatus ?? '',
    quality_rating: channel.qualityRating ?? '',
    messaging_limit: channel.messagingLimit ?? '',
    account_mode: channel.accountMode ?? '',
    ...(channel.coexistence === null ? {} : { coexistence: channel.coexistence }),
    onboarding_session_id: channel.onboardingSessionId ?? '',
    linked_at: timestamp(channel.linkedAt),
    status_changed_at: timestamp(channel.statusChangedAt),
    last_event_at: timestamp(channel.lastEventAt),
    revoked_at: timestamp(channel.revokedAt),
  };
}
