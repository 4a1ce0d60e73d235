import { createEvent, type EventEnvelope } from '@chatpilot/contracts';

import type { OnboardingSession } from '../domain/session';
import type { StatusChange } from '../domain/session-transitions';

const EVENT_SOURCE = 'onboarding';

export function statusChangedEvent(session: OnboardingSession, change: StatusChange): EventEnvelope {
  return createEvent(
    'onboarding.session.status_changed',
    { session_id: session.id, from: change.from, to: change.to, ...(change.errorCode === undefined ? {} : { error_code: change.errorCode }) },
    { source: EVENT_SOURCE, tenantId: session.tenantId, occurredAt: session.updatedAt },
  );
}

export function channelsLinkedEvent(session: OnboardingSession, clientId: string): EventEnvelope {
  return createEvent(
    'onboarding.session.channels_linked',
    { session_id: session.id, client_id: clientId, channel_ids: [...session.channelIds] },
    { source: EVENT_SOURCE, tenantId: session.tenantId, occurredAt: session.updatedAt },
  );
}
