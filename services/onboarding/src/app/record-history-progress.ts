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

/**
 * `d360.history`: coexistence history-sync progress for the session page. Meta's history webhook
 * names the WABA and the number, not the 360dialog channel, so the registry resolves it; a chunk
 * the registry attributes to another tenant than the event's is ignored.
 */
export async function recordHistoryProgress(deps: SagaDeps, store: OnboardingStore, chunk: HistoryChunk): Promise<void> {
  const channelId = chunk.channelId ?? (await resolveChannelId(deps, chunk));
  if (channelId === undefined) {
    deps.logger.info({ waba_account_id: chunk.wabaAccountId }, 'history progress for a channel the registry does not know; ignored');
    return;
  }
  await store.channels.recordHistoryChunk(channelId, { phase: chunk.phase, progress: chunk.progress, messages: chunk.messages, at: chunk.receivedAt });
}

async function resolveChannelId(deps: SagaDeps, chunk: HistoryChunk): Promise<string | undefined> {
  const key = chunk.wabaAccountId !== undefined ? { wabaAccountId: chunk.wabaAccountId } : chunk.phoneNumber !== undefined ? { phoneNumber: chunk.phoneNumber } : undefined;
  if (key === undefined) return undefined;
  const resolved = await deps.registry.resolveChannel(key);
  return resolved !== undefined && resolved.tenantId === chunk.tenantId ? resolved.channelId : undefined;
}
