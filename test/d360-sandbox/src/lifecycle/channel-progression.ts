import { nextStage, stageFacts, type ChannelStage } from '../domain/channel-stage';
import type { ChannelRecord } from '../domain/records';
import type { CoexistenceSyncRunner } from './coexistence-sync-runner';
import type { LifecycleDeps } from './lifecycle-deps';

/** Moves channels through created → submitted → ready → running → live and raises each webhook. */
export class ChannelProgression {
  constructor(
    private readonly deps: LifecycleDeps,
    private readonly coexistence: CoexistenceSyncRunner,
  ) {}

  /** Sets the stage, updates the fields that depend on it and raises the stage's webhook. */
  enterStage(channel: ChannelRecord, stage: ChannelStage): Promise<void> {
    channel.stage = stage;
    const facts = stageFacts(stage);
    if (facts.billing) {
      channel.billingStartedAt ??= new Date().toISOString();
      channel.qualityRating ??= 'GREEN';
      channel.messagingLimit ??= 'TIER_250';
    }
    const client = this.deps.store.client(channel.clientId)!;
    const sent = this.deps.sender.send(this.deps.events.channelStage(channel, client));
    if (stage === 'running' && channel.coexistence && this.deps.store.settings.coexistenceSync === 'on_running') {
      this.coexistence.start(channel);
    }
    return sent;
  }

  /** One step forward; undefined when the channel is already live. */
  advance(channel: ChannelRecord): ChannelStage | undefined {
    const next = nextStage(channel.stage);
    if (next !== undefined) void this.enterStage(channel, next);
    return next;
  }

  /** Runs the rest of the progression according to the `statusSchedule` setting. */
  schedule(channel: ChannelRecord): void {
    const schedule = this.deps.store.settings.statusSchedule;
    if (schedule === 'manual') return;
    if (schedule === 'immediate') {
      while (this.advance(channel) !== undefined);
      return;
    }
    const step = (): void => {
      if (this.advance(channel) !== undefined) this.deps.scheduler.after(schedule.stepDelayMs, step);
    };
    this.deps.scheduler.after(schedule.stepDelayMs, step);
  }
}
