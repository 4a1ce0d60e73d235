import type { AnyEvent } from '@chatpilot/contracts';
import type { EventHandlers } from '@chatpilot/messaging';
import type { EntityManager } from 'typeorm';

import { advanceSession } from '../app/advance-session';
import type { OnboardingStore } from '../app/ports';
import { recordChannelRevoked, recordChannelStatus } from '../app/record-channel-events';
import { recordHistoryProgress } from '../app/record-history-progress';
import type { SagaDeps } from '../app/saga-deps';
import { DRIVEN_STATUSES } from '../domain/session';

export interface EventHandlerDeps extends SagaDeps {
  /** The repositories inside the inbox transaction, so the effect commits with the event's inbox row. */
  storeFor(manager: EntityManager, afterCommit: (effect: () => void) => void): OnboardingStore;
}

const DRIVEN: ReadonlySet<string> = new Set(DRIVEN_STATUSES);

/**
 * What onboarding consumes. Its own `onboarding.session.status_changed` drives the saga: each
 * transition's event (written by the outbox in the transition's transaction) triggers the next
 * step, and a step whose dependency is down throws, so the messaging lib retries it later.
 */
export function onboardingEventHandlers(deps: EventHandlerDeps): EventHandlers {
  return {
    'onboarding.session.status_changed': async (event, { entityManager, afterCommit }) => {
      if (DRIVEN.has(event.data.to)) await advanceSession(deps, deps.storeFor(entityManager, afterCommit), event.data.session_id);
    },
    'registry.channel.status_changed': async (event, { entityManager, afterCommit }) => {
      const { channel_id: channelId, to: status, changed_at: changedAt } = event.data;
      await recordChannelStatus(deps, deps.storeFor(entityManager, afterCommit), { channelId, status, changedAt: new Date(changedAt) });
    },
    'registry.channel.linked': async (event, { entityManager, afterCommit }) => {
      await deps.storeFor(entityManager, afterCommit).channels.recordOwner(event.data.channel_id, event.data.tenant_id, event.data.phone_number ?? null);
    },
    'registry.channel.revoked': async (event, { entityManager, afterCommit }) => {
      await recordChannelRevoked(deps, deps.storeFor(entityManager, afterCommit), { channelId: event.data.channel_id, at: new Date(event.occurred_at) });
    },
    'vault.channel_key.provisioned': async (event, { entityManager, afterCommit }) => {
      const key = { generation: event.data.generation, provisionedAt: new Date(event.occurred_at) };
      await deps.storeFor(entityManager, afterCommit).channels.recordKey(event.data.channel_id, key);
    },
    'vault.channel_key.revoked': async (event, { entityManager, afterCommit }) => {
      await deps.storeFor(entityManager, afterCommit).channels.recordKeyRevoked(event.data.channel_id, new Date(event.occurred_at));
    },
    'd360.history': async (event, { entityManager, afterCommit }) => {
      const { payload } = event.data;
      await recordHistoryProgress(deps, deps.storeFor(entityManager, afterCommit), {
        tenantId: event.tenant_id,
        channelId: event.data.channel_id,
        wabaAccountId: event.data.waba_account_id,
        phoneNumber: event.data.phone_number,
        phase: payload.phase,
        progress: payload.progress,
        messages: payload.message_count,
        receivedAt: new Date(event.data.received_at),
      });
    },
  };
}

/** Onboarding's own status changes that no saga step follows (`pending`, `completed`, `failed`): acked without an inbox transaction. */
export function ignoresOnboardingEvent(event: AnyEvent): boolean {
  return event.type === 'onboarding.session.status_changed' && !DRIVEN.has(event.data.to);
}
