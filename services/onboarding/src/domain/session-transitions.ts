import { messageOf, type SessionFailureCode } from './error-codes';
import { fingerprintGrant } from './callback-fingerprint';
import { isTerminal, type CallbackGrant, type OnboardingSession, type SessionStatus } from './session';

/** What can happen to a session; each command is allowed from specific statuses only. */
export type SessionCommand =
  | { kind: 'accept_callback'; grant: CallbackGrant; at: Date }
  | { kind: 'channels_linked'; at: Date }
  | { kind: 'keys_provisioned'; at: Date }
  | { kind: 'activation_completed'; at: Date }
  | { kind: 'fail'; code: SessionFailureCode; at: Date; detail?: string };

export interface StatusChange {
  from: SessionStatus;
  to: SessionStatus;
  errorCode?: SessionFailureCode;
}

export type TransitionResult =
  | { ok: true; session: OnboardingSession; change: StatusChange }
  | { ok: false; reason: string };

const ALLOWED_FROM: Record<SessionCommand['kind'], readonly SessionStatus[]> = {
  accept_callback: ['pending'],
  channels_linked: ['in_progress'],
  keys_provisioned: ['channel_created'],
  activation_completed: ['activating'],
  fail: ['pending', 'in_progress', 'channel_created', 'activating'],
};

const TARGET: Record<SessionCommand['kind'], SessionStatus> = {
  accept_callback: 'in_progress',
  channels_linked: 'channel_created',
  keys_provisioned: 'activating',
  activation_completed: 'completed',
  fail: 'failed',
};

/**
 * The session state machine (DESIGN.md §2) as a pure function: the next session, with its
 * version incremented, or why the command is not allowed in the current status.
 */
export function transition(session: OnboardingSession, command: SessionCommand): TransitionResult {
  if (!ALLOWED_FROM[command.kind].includes(session.status)) {
    const state = isTerminal(session.status) ? 'finished' : `in status ${session.status}`;
    return { ok: false, reason: `${command.kind} is not allowed: the session is ${state}` };
  }
  const to = TARGET[command.kind];
  const next: OnboardingSession = { ...session, ...changedFields(session, command), status: to, version: session.version + 1, updatedAt: command.at };
  const change: StatusChange = command.kind === 'fail' ? { from: session.status, to, errorCode: command.code } : { from: session.status, to };
  return { ok: true, session: next, change };
}

function changedFields(session: OnboardingSession, command: SessionCommand): Partial<OnboardingSession> {
  switch (command.kind) {
    case 'accept_callback':
      return {
        stateUsedAt: command.at,
        callbackReceivedAt: command.at,
        clientId: command.grant.clientId,
        channelIds: [...command.grant.channelIds],
        revokedChannelIds: [...command.grant.revokedChannelIds],
        callbackFingerprint: fingerprintGrant(command.grant),
      };
    case 'channels_linked':
      return { channelsLinkedAt: command.at };
    case 'keys_provisioned':
      return { activatingAt: command.at };
    case 'activation_completed':
      return { completedAt: command.at };
    case 'fail': {
      const message = command.detail === undefined ? messageOf(command.code) : `${messageOf(command.code)} ${command.detail}`;
      return { failedAt: command.at, error: { code: command.code, message } };
    }
    default:
      return assertNever(command);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled session command ${JSON.stringify(value)}`);
}
