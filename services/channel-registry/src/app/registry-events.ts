import { createEvent, type EventEnvelope } from '@chatpilot/contracts';

import type { Channel } from '../domain/channel';
import type { QualityChange, StatusChange } from '../domain/channel-observation';

const EVENT_SOURCE = 'channel-registry';

export function channelLinked(channel: Channel): EventEnvelope<'registry.channel.linked'> {
  return createEvent(
    'registry.channel.linked',
    {
      tenant_id: channel.tenantId,
      channel_id: channel.channelId,
      client_id: channel.clientId,
      ...(channel.onboardingSessionId === null ? {} : { session_id: channel.onboardingSessionId }),
      ...(channel.wabaAccountId === null ? {} : { waba_account_id: channel.wabaAccountId }),
      ...(channel.phoneNumber === null ? {} : { phone_number: channel.phoneNumber }),
    },
    { source: EVENT_SOURCE, tenantId: channel.tenantId, occurredAt: channel.linkedAt },
  );
}

export function channelStatusChanged(channel: Channel, change: StatusChange): EventEnvelope<'registry.channel.status_changed'> {
  return createEvent(
    'registry.channel.status_changed',
    { channel_id: channel.channelId, from: change.from, to: change.to, raw_status: change.rawStatus, changed_at: change.at.toISOString() },
    { source: EVENT_SOURCE, tenantId: channel.tenantId, occurredAt: change.at },
  );
}

export function channelQualityChanged(channel: Channel, change: QualityChange, at: Date): EventEnvelope<'registry.channel.quality_changed'> {
  return createEvent(
    'registry.channel.quality_changed',
    {
      channel_id: channel.channelId,
      ...(change.from === null ? {} : { from: change.from }),
      to: change.to,
      ...(change.messagingLimit === null ? {} : { messaging_limit: change.messagingLimit }),
    },
    { source: EVENT_SOURCE, tenantId: channel.tenantId, occurredAt: at },
  );
}

export function channelRevoked(channel: Channel, reason: string): EventEnvelope<'registry.channel.revoked'> {
  return createEvent(
    'registry.channel.revoked',
    { channel_id: channel.channelId, reason },
    { source: EVENT_SOURCE, tenantId: channel.tenantId, occurredAt: channel.revokedAt ?? undefined },
  );
}
