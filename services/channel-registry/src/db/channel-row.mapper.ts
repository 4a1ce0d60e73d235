import type { Channel } from '../domain/channel';
import type { WhatsappAccountEntity } from './whatsapp-account.entity';

export function toChannel(row: WhatsappAccountEntity): Channel {
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

/** The columns a state change writes; identity (channel, tenant) never changes. */
export function toStateColumns(channel: Channel): Partial<WhatsappAccountEntity> {
  const { tenantId: _tenant, channelId: _channel, ...state } = channel;
  return state;
}
