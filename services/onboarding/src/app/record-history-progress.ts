import type { OnboardingStore } from './ports';
import type { SagaDeps } from './saga-deps';

export interface HistoryChunk {
  tenantId: string | undefined;
  channelId: string | undefined;
  wabaAccountId: string | undefined;
  phoneNumber: string | undefined;
  phase: number;
  progress: number;
  messages: number;
  receivedAt: Date;
}

/** Thrown so the inbox retries later: the registry learns a channel's WABA id after linking. */
export class HistoryChannelNotYetKnownError extends Error {
  override readonly name = 'HistoryChannelNotYetKnownError';
}

/**
 * `d360.history`: coexistence history-sync progress for the session page. Meta's history webhook
 * names the WABA and the number, not the 360dialog channel, so the registry resolves it. A chunk
 * it cannot resolve yet is retried (the event's retries and dead letters bound that); one the
 * registry attributes to another tenant than the event's is ignored.
 */
export async function recordHistoryProgress(deps: SagaDeps, store: OnboardingStore, chunk: HistoryChunk): Promise<void> {
  const channelId = chunk.channelId ?? (await resolveChannelId(deps, chunk));
  if (channelId === undefined) {
    deps.logger.info({ waba_account_id: chunk.wabaAccountId }, 'history progress not attributable to a channel of this tenant; ignored');
    return;
  }
  await store.channels.recordHistoryChunk(channelId, { phase: chunk.phase, progress: chunk.progress, messages: chunk.messages, at: chunk.receivedAt });
}

async function resolveChannelId(deps: SagaDeps, chunk: HistoryChunk): Promise<string | undefined> {
  const key = chunk.wabaAccountId !== undefined ? { wabaAccountId: chunk.wabaAccountId } : chunk.phoneNumber !== undefined ? { phoneNumber: chunk.phoneNumber } : undefined;
  if (key === undefined) return undefined;
  const resolved = await deps.registry.resolveChannel(key);
  if (resolved === undefined) throw new HistoryChannelNotYetKnownError('the registry does not know the channel of this history chunk yet');
  return resolved.tenantId === chunk.tenantId ? resolved.channelId : undefined;
}
