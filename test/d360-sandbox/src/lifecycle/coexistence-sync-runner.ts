import { clientLaneKey } from '../webhooks/webhook-sender';
import { historyChunkData, historyDeclinedData, planHistoryChunks, stateSyncData, type NumberContext } from '../domain/coexistence-sync';
import type { ChannelRecord } from '../domain/records';
import type { LifecycleDeps } from './lifecycle-deps';

export const SYNC_KINDS = ['smb_app_state_sync', 'history'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/**
 * Sends a coexistence number's contacts (`smb_app_state_sync`) and chat history (`history`, in
 * three phases of chunks, or one declined entry) to the partner webhook. Each sync runs once per
 * channel, as Meta allows it only once per onboarding.
 */
// Meta's coexistence payloads name no 360dialog client; they still queue behind that client's events.
const clientLane = (channel: ChannelRecord): string => clientLaneKey(channel.clientId);

export class CoexistenceSyncRunner {
  constructor(private readonly deps: LifecycleDeps) {}

  /** Starts the requested syncs that have not run yet; returns the ones started. */
  start(channel: ChannelRecord, kinds: readonly SyncKind[] = SYNC_KINDS): SyncKind[] {
    const started = kinds.filter((kind) => !channel.synced[kind]);
    for (const kind of started) channel.synced[kind] = true;
    const number = numberContext(channel);
    if (started.includes('smb_app_state_sync')) {
      const data = stateSyncData(number, this.deps.store.settings.history.contacts, nowSeconds());
      void this.deps.sender.send(this.deps.events.coexistence('smb_app_state_sync', data), clientLane(channel));
    }
    if (started.includes('history')) this.sendHistory(channel, number);
    return started;
  }

  private sendHistory(channel: ChannelRecord, number: NumberContext): void {
    if (!channel.shareHistory) {
      void this.deps.sender.send(this.deps.events.coexistence('history', historyDeclinedData(number)), clientLane(channel));
      return;
    }
    const shape = this.deps.store.settings.history;
    const chunks = planHistoryChunks(shape);
    const sendChunk = (index: number): void => {
      const chunk = chunks[index];
      if (chunk === undefined) return;
      const data = historyChunkData(number, chunk, shape.messagesPerChunk, nowSeconds(), () => this.deps.ids.wamid());
      void this.deps.sender.send(this.deps.events.coexistence('history', data), clientLane(channel));
      this.deps.scheduler.after(shape.chunkDelayMs, () => sendChunk(index + 1));
    };
    this.deps.scheduler.after(shape.chunkDelayMs, () => sendChunk(0));
  }
}

function numberContext(channel: ChannelRecord): NumberContext {
  return { wabaId: channel.wabaId, displayPhoneNumber: channel.phoneNumber.replace(/^\+/, ''), phoneNumberId: channel.phoneNumberId };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
