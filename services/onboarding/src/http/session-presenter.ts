import type { EligibilityAnswer } from '../app/check-eligibility';
import type { SessionDetails } from '../app/get-session';
import type { ChannelProgress, HistorySyncProgress } from '../app/ports';
import { RUNNING_STATUS } from '../domain/activation';
import type { OnboardingSession } from '../domain/session';
import { stageOf } from '../domain/stage';

/** The JSON shapes of the HTTP API (openapi.json describes them; tests validate against it). */

export function presentSession({ session, channels }: SessionDetails) {
  const channelViews = session.channelIds.map((channelId) => presentChannel(channelId, channels.get(channelId)));
  const running = channelViews.filter((channel) => channel.status === RUNNING_STATUS).length;
  return {
    session_id: session.id,
    status: session.status,
    stage: stageOf(session.status, { running, total: channelViews.length }),
    client_id: session.clientId,
    channels: channelViews,
    history_sync: presentHistory(combinedHistory([...channels.values()])),
    error: session.error,
    expires_at: session.stateExpiresAt.toISOString(),
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
    callback_received_at: iso(session.callbackReceivedAt),
    channels_linked_at: iso(session.channelsLinkedAt),
    activating_at: iso(session.activatingAt),
    completed_at: iso(session.completedAt),
    failed_at: iso(session.failedAt),
  };
}

export function presentStarted(session: OnboardingSession, onboardingUrl: string | null) {
  return { session_id: session.id, status: session.status, onboarding_url: onboardingUrl, expires_at: session.stateExpiresAt.toISOString() };
}

export function presentEligibility(answer: EligibilityAnswer) {
  return {
    eligible: answer.eligible,
    reasons: answer.reasons,
    ...(answer.activeSessionId === undefined ? {} : { active_session_id: answer.activeSessionId }),
    requirements: answer.requirements,
  };
}

function presentChannel(channelId: string, progress: ChannelProgress | undefined) {
  return {
    channel_id: channelId,
    phone_number: progress?.phoneNumber ?? null,
    status: progress?.status ?? null,
    key_provisioned: progress !== undefined && progress.keyGeneration !== null && progress.keyRevokedAt === null,
    webhook_configured: progress?.webhookConfigured ?? false,
    history_sync: presentHistory(progress?.history ?? null),
  };
}

/** Across a session's channels: the least advanced phase and progress, every message counted. */
function combinedHistory(channels: readonly ChannelProgress[]): HistorySyncProgress | null {
  const histories = channels.flatMap((channel) => (channel.history === null ? [] : [channel.history]));
  if (histories.length === 0) return null;
  return {
    phase: Math.min(...histories.map((history) => history.phase)),
    progress: Math.min(...histories.map((history) => history.progress)),
    chunks: histories.reduce((sum, history) => sum + history.chunks, 0),
    messages: histories.reduce((sum, history) => sum + history.messages, 0),
    updatedAt: new Date(Math.max(...histories.map((history) => history.updatedAt.getTime()))),
  };
}

function presentHistory(history: HistorySyncProgress | null) {
  if (history === null) return null;
  return { phase: history.phase, progress: history.progress, chunks: history.chunks, messages: history.messages, updated_at: history.updatedAt.toISOString() };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
