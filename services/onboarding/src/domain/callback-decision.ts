import type { CallbackErrorCode } from './error-codes';
import { fingerprintGrant } from './callback-fingerprint';
import type { CallbackGrant, OnboardingSession } from './session';
import type { SessionCommand } from './session-transitions';

export type CallbackRedirect = { kind: 'success'; sessionId: string } | { kind: 'error'; code: CallbackErrorCode };

export type CallbackDecision =
  /** Refused; nothing about the session changes. */
  | { kind: 'reject'; code: CallbackErrorCode }
  /** The same callback again (a browser refresh): the same answer, no change. */
  | { kind: 'repeat'; redirect: CallbackRedirect }
  /** Consume the state and apply the commands. */
  | { kind: 'accept'; commands: SessionCommand[]; redirect: CallbackRedirect };

export interface CallbackContext {
  /** The session whose state hash matched, if any. */
  session: OnboardingSession | undefined;
  grant: CallbackGrant;
  now: Date;
  /** The signed-in tenant, when ChatPilot's backend forwarded the callback and vouched for it. */
  tenantHint?: string;
}

/** DESIGN.md §1 step 4 and §4: what a callback with a well-formed state does to its session. */
export function decideCallback({ session, grant, now, tenantHint }: CallbackContext): CallbackDecision {
  if (session === undefined) return { kind: 'reject', code: 'STATE_INVALID' };
  if (tenantHint !== undefined && tenantHint !== session.tenantId) return { kind: 'reject', code: 'STATE_TENANT_MISMATCH' };
  if (session.stateUsedAt !== null) {
    return session.callbackFingerprint === fingerprintGrant(grant)
      ? { kind: 'repeat', redirect: redirectFor(session.id, grant) }
      : { kind: 'reject', code: 'STATE_ALREADY_USED' };
  }
  if (session.status === 'failed') return { kind: 'reject', code: session.error?.code === 'SUPERSEDED' ? 'SUPERSEDED' : 'STATE_EXPIRED' };
  if (now.getTime() >= session.stateExpiresAt.getTime()) return { kind: 'reject', code: 'STATE_EXPIRED' };
  return { kind: 'accept', commands: commandsFor(grant, now), redirect: redirectFor(session.id, grant) };
}

function commandsFor(grant: CallbackGrant, at: Date): SessionCommand[] {
  const accept: SessionCommand = { kind: 'accept_callback', grant, at };
  const nothingGranted = grant.channelIds.length === 0 && grant.revokedChannelIds.length === 0;
  return nothingGranted ? [accept, { kind: 'fail', code: 'NO_CHANNELS', at }] : [accept];
}

/** Derived from the grant alone, so a repeated callback gets exactly the first answer. */
function redirectFor(sessionId: string, grant: CallbackGrant): CallbackRedirect {
  if (grant.channelIds.length > 0) return { kind: 'success', sessionId };
  return { kind: 'error', code: grant.revokedChannelIds.length > 0 ? 'PERMISSION_REVOKED' : 'NO_CHANNELS' };
}
