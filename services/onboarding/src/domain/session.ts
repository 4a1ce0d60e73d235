import type { SessionFailureCode } from './error-codes';
import type { OnboardingPrefill } from './start-request';

/** DESIGN.md §2. */
export const SESSION_STATUSES = ['pending', 'in_progress', 'channel_created', 'activating', 'completed', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const TERMINAL_STATUSES: readonly SessionStatus[] = ['completed', 'failed'];
/** Statuses in which the saga has a step to perform. */
export const DRIVEN_STATUSES = ['in_progress', 'channel_created', 'activating'] as const satisfies readonly SessionStatus[];

export function isSessionStatus(value: string): value is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: SessionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** What the 360dialog redirect granted: the client and the channels it shared or withdrew. */
export interface CallbackGrant {
  clientId: string | null;
  channelIds: readonly string[];
  revokedChannelIds: readonly string[];
}

export interface SessionError {
  code: SessionFailureCode;
  message: string;
}

export interface OnboardingSession {
  id: string;
  tenantId: string;
  status: SessionStatus;
  /** Optimistic concurrency: every saved change increments it. */
  version: number;
  stateExpiresAt: Date;
  stateUsedAt: Date | null;
  prefill: OnboardingPrefill;
  idempotencyKey: string | null;
  /** Hash of the start request, so an Idempotency-Key reused with another body is refused. */
  requestFingerprint: string;
  clientId: string | null;
  channelIds: readonly string[];
  revokedChannelIds: readonly string[];
  /** Hash of the accepted callback's grant: a browser refresh with the same values is recognised. */
  callbackFingerprint: string | null;
  error: SessionError | null;
  createdAt: Date;
  updatedAt: Date;
  callbackReceivedAt: Date | null;
  channelsLinkedAt: Date | null;
  activatingAt: Date | null;
  completedAt: Date | null;
  failedAt: Date | null;
}
