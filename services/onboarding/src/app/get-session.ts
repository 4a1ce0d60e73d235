import type { OnboardingSession, SessionStatus } from '../domain/session';
import type { ChannelProgress, OnboardingStore } from './ports';

export interface SessionDetails {
  session: OnboardingSession;
  /** Per channel of the session; absent when nothing is known about the channel yet. */
  channels: Map<string, ChannelProgress>;
}

/** A tenant's session with what is known about its channels; undefined for another tenant's. */
export async function getSession(store: OnboardingStore, tenantId: string, sessionId: string): Promise<SessionDetails | undefined> {
  const session = await store.sessions.findForTenant(tenantId, sessionId);
  if (session === undefined) return undefined;
  return { session, channels: await visibleChannels(store, session) };
}

export async function listSessions(store: OnboardingStore, tenantId: string, filter: { status?: SessionStatus; limit: number }): Promise<SessionDetails[]> {
  const sessions = await store.sessions.listForTenant(tenantId, filter);
  return Promise.all(sessions.map(async (session) => ({ session, channels: await visibleChannels(store, session) })));
}

/** A channel found to belong to another tenant (CHANNEL_OWNED_BY_OTHER_TENANT) shows nothing of it. */
async function visibleChannels(store: OnboardingStore, session: OnboardingSession): Promise<Map<string, ChannelProgress>> {
  const progress = await store.channels.findMany(session.channelIds);
  for (const [channelId, channel] of progress) {
    if (channel.tenantId !== null && channel.tenantId !== session.tenantId) progress.delete(channelId);
  }
  return progress;
}
