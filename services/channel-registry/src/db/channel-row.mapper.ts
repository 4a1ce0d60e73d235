import { selectList } from '@chatpilot/db';
import type { Channel } from '../domain/channel';
import type { WhatsappAccountEntity } from './whatsapp-account.entity';

type ChannelState = Omit<Channel, 'tenantId' | 'channelId'>;

/** The columns a state change writes; identity (channel, tenant) never changes. Typed so a new Channel field cannot be forgotten. */
const STATE_COLUMNS: Record<keyof ChannelState, string> = {
  clientId: 'client_id',
  wabaAccountId: 'waba_account_id',
  phoneNumber: 'phone_number',
  displayName: 'display_name',
  status: 'status',
  rawStatus: 'raw_status',
  qualityRating: 'quality_rating',
  messagingLimit: 'messaging_limit',
  accountMode: 'account_mode',
  coexistence: 'coexistence',
  onboardingSessionId: 'onboarding_session_id',
  linkedAt: 'linked_at',
  statusChangedAt: 'status_changed_at',
  lastEventAt: 'last_event_at',
  revokedAt: 'revoked_at',
  revokeReason: 'revoke_reason',
};
const CHANNEL_COLUMNS: Record<keyof Channel, string> = { tenantId: 'tenant_id', channelId: 'channel_id', ...STATE_COLUMNS };
const STATE_FIELDS = Object.keys(STATE_COLUMNS) as (keyof ChannelState)[];

/**
 * A Channel's columns for hand-written SQL (the hot paths skip TypeORM's query building): a
 * select list that names each column as its Channel field, so a raw row is already a Channel.
 */
export const CHANNEL_SELECT_LIST = selectList(CHANNEL_COLUMNS);

/** `UPDATE … SET` every state column from `$2` on; `$1` is the channel id. */
export const CHANNEL_STATE_ASSIGNMENTS = STATE_FIELDS.map((field, index) => `${STATE_COLUMNS[field]} = $${index + 2}`).join(', ');

export function channelStateParameters(channel: Channel): unknown[] {
  return [channel.channelId, ...STATE_FIELDS.map((field) => channel[field])];
}

export function toChannel(row: Channel | WhatsappAccountEntity): Channel {
  return {
    tenantId: row.tenantId,
    channelId: row.channelId,
    clientId: row.clientId,
    wabaAccountId: row.wabaAccountId,
    phoneNumber: row.phoneNumber,
    displayName: row.displayName,
    status: row.status,
    rawStatus: row.rawStatus,
    qualityRating: row.qualityRating,
    messagingLimit: row.messagingLimit,
    accountMode: row.accountMode,
    coexistence: row.coexistence,
    onboardingSessionId: row.onboardingSessionId,
    linkedAt: row.linkedAt,
    statusChangedAt: row.statusChangedAt,
    lastEventAt: row.lastEventAt,
    revokedAt: row.revokedAt,
    revokeReason: row.revokeReason,
  };
}
