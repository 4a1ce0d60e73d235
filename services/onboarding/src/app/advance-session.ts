import { checkActivation } from './check-activation';
import { linkSessionChannels } from './link-session-channels';
import type { OnboardingStore } from './ports';
import { provisionSessionKeys } from './provision-session-keys';
import type { SagaDeps } from './saga-deps';

/**
 * Performs the saga step of the session's current status (DESIGN.md §2). Every step is
 * idempotent, so an event delivered twice, a retry and the sweeper may all run it: the row lock
 * serialises them and whoever comes second finds the session already moved on. A dependency
 * that does not answer rejects with DependencyUnavailableError and the step runs again later.
 */
export async function advanceSession(deps: SagaDeps, store: OnboardingStore, sessionId: string, lock: 'wait' | 'skip' = 'wait'): Promise<void> {
  const session = await store.sessions.findById(sessionId, lock);
  if (session === undefined) return;
  switch (session.status) {
    case 'in_progress':
      return linkSessionChannels(deps, store, session);
    case 'channel_created':
      return provisionSessionKeys(deps, store, session);
    case 'activating':
      return checkActivation(deps, store, session);
    default:
      return undefined;
  }
}
