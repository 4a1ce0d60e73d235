import type { EventEnvelope } from '@chatpilot/contracts';

import type { OnboardingSession } from '../domain/session';
import { transition, type SessionCommand, type StatusChange } from '../domain/session-transitions';
import type { OnboardingStore, SessionMetrics } from './ports';
import { statusChangedEvent } from './session-events';

/** A command the state machine refused: the caller's own status check was wrong, so retrying cannot help. */
class TransitionRefusedError extends Error {
  readonly retryable = false;

  constructor(reason: string) {
    super(reason);
    this.name = 'TransitionRefusedError';
  }
}

export interface ApplyOptions {
  /** The first command uses the state token: it must still be unused and unexpired. */
  consumeState?: boolean;
  /** Published with the status changes, in the same transaction. */
  extraEvents?: (session: OnboardingSession) => EventEnvelope[];
}

/**
 * Runs the commands through the state machine, saves the result with optimistic concurrency and
 * writes one `onboarding.session.status_changed` per transition to the outbox. Undefined when
 * another writer changed the session first (nothing was written).
 */
export async function applyCommands(
  store: OnboardingStore,
  metrics: SessionMetrics,
  session: OnboardingSession,
  commands: readonly SessionCommand[],
  options: ApplyOptions = {},
): Promise<OnboardingSession | undefined> {
  let current = session;
  const changes: StatusChange[] = [];
  for (const command of commands) {
    const result = transition(current, command);
    if (!result.ok) throw new TransitionRefusedError(`session ${session.id}: ${result.reason}`);
    current = result.session;
    changes.push(result.change);
  }
  const final = current;
  const events = [...changes.map((change) => statusChangedEvent(final, change)), ...(options.extraEvents?.(final) ?? [])];
  if (!(await store.sessions.save(final, session.version, { consumeState: options.consumeState, events }))) return undefined;
  store.afterCommit(() => {
    for (const change of changes) metrics.transitioned(change, final);
  });
  return final;
}
