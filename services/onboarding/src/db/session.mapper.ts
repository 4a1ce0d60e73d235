import { selectList } from '@chatpilot/db';
import { isSessionFailureCode } from '../domain/error-codes';
import { isSessionStatus, type OnboardingSession } from '../domain/session';
import type { OnboardingPrefill } from '../domain/start-request';
import type { OnboardingSessionEntity } from './onboarding-session.entity';

/** What a session is read from: the row without the columns only SQL looks at. */
export type SessionRow = Omit<OnboardingSessionEntity, 'stateHash' | 'drivenAt'>;

const SESSION_COLUMNS: Record<keyof SessionRow, string> = {
  id: 'id',
  tenantId: 'tenant_id',
  status: 'status',
  version: 'version',
  stateExpiresAt: 'state_expires_at',
  stateUsedAt: 'state_used_at',
  prefill: 'prefill',
  idempotencyKey: 'idempotency_key',
  requestFingerprint: 'request_fingerprint',
  clientId: 'client_id',
  channelIds: 'channel_ids',
  revokedChannelIds: 'revoked_channel_ids',
  callbackFingerprint: 'callback_fingerprint',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  callbackReceivedAt: 'callback_received_at',
  channelsLinkedAt: 'channels_linked_at',
  activatingAt: 'activating_at',
  completedAt: 'completed_at',
  failedAt: 'failed_at',
};

/** A select list naming each column as its SessionRow field, so a raw row needs no further mapping. */
export const SESSION_SELECT_LIST = selectList(SESSION_COLUMNS);

export function toSession(row: SessionRow): OnboardingSession {
  if (!isSessionStatus(row.status)) throw new Error(`onboarding_sessions ${row.id} has unknown status ${row.status}`);
  return {
    id: row.id,
    tenantId: row.tenantId,
    status: row.status,
    version: row.version,
    stateExpiresAt: row.stateExpiresAt,
    stateUsedAt: row.stateUsedAt,
    prefill: row.prefill as OnboardingPrefill,
    idempotencyKey: row.idempotencyKey,
    requestFingerprint: row.requestFingerprint,
    clientId: row.clientId,
    channelIds: row.channelIds,
    revokedChannelIds: row.revokedChannelIds,
    callbackFingerprint: row.callbackFingerprint,
    error: errorOf(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    callbackReceivedAt: row.callbackReceivedAt,
    channelsLinkedAt: row.channelsLinkedAt,
    activatingAt: row.activatingAt,
    completedAt: row.completedAt,
    failedAt: row.failedAt,
  };
}

function errorOf(row: SessionRow): OnboardingSession['error'] {
  if (row.errorCode === null) return null;
  if (!isSessionFailureCode(row.errorCode)) throw new Error(`onboarding_sessions ${row.id} has unknown error code ${row.errorCode}`);
  return { code: row.errorCode, message: row.errorMessage ?? '' };
}

/** The columns a transition may change, in the order of MUTABLE_COLUMNS. */
export function mutableValues(session: OnboardingSession): unknown[] {
  return [
    session.status,
    session.version,
    session.stateUsedAt,
    session.clientId,
    session.channelIds,
    session.revokedChannelIds,
    session.callbackFingerprint,
    session.error?.code ?? null,
    session.error?.message ?? null,
    session.updatedAt,
    session.callbackReceivedAt,
    session.channelsLinkedAt,
    session.activatingAt,
    session.completedAt,
    session.failedAt,
  ];
}

export const MUTABLE_COLUMNS = [
  'status',
  'version',
  'state_used_at',
  'client_id',
  'channel_ids',
  'revoked_channel_ids',
  'callback_fingerprint',
  'error_code',
  'error_message',
  'updated_at',
  'callback_received_at',
  'channels_linked_at',
  'activating_at',
  'completed_at',
  'failed_at',
] as const;
