import type { SessionFailureCode } from './error-codes';

/**
 * channel-registry's normalised channel statuses (issue [5/9]): pending, ready, running,
 * restricted, offboarded, revoked, error. Statuses this map does not name keep a session waiting.
 */
const FAILURE_BY_CHANNEL_STATUS: Readonly<Record<string, SessionFailureCode>> = {
  error: 'CHANNEL_ERROR',
  restricted: 'CHANNEL_RESTRICTED',
  offboarded: 'CHANNEL_OFFBOARDED',
  revoked: 'PERMISSION_REVOKED',
};
export const RUNNING_STATUS = 'running';

/** The failure a channel in this status means for a session setting it up; undefined: keep waiting. */
export function failureForChannelStatus(status: string): SessionFailureCode | undefined {
  return FAILURE_BY_CHANNEL_STATUS[status];
}

export type ActivationOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; code: SessionFailureCode; channelId?: string }
  | { kind: 'waiting'; running: number; total: number };

export interface ActivationInput {
  /** Each of the session's channels and its last known status (null: nothing heard yet). */
  channelStatuses: ReadonlyMap<string, string | null>;
  activatingAt: Date;
  now: Date;
  timeoutMs: number;
}

/** Whether an `activating` session is done: every channel running, one broken, or out of time. */
export function evaluateActivation(input: ActivationInput): ActivationOutcome {
  for (const [channelId, status] of input.channelStatuses) {
    const failure = status === null ? undefined : failureForChannelStatus(status);
    if (failure !== undefined) return { kind: 'failed', code: failure, channelId };
  }
  const statuses = [...input.channelStatuses.values()];
  const running = statuses.filter((status) => status === RUNNING_STATUS).length;
  if (statuses.length > 0 && running === statuses.length) return { kind: 'completed' };
  if (input.now.getTime() - input.activatingAt.getTime() >= input.timeoutMs) return { kind: 'failed', code: 'ACTIVATION_TIMEOUT' };
  return { kind: 'waiting', running, total: statuses.length };
}
