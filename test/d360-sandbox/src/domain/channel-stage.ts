/**
 * The onboarding progression of a channel and the partner webhook 360dialog sends on entering
 * each stage (docs: "Webhook events" — channel_created, channel_submitted, channel_ready,
 * channel_running, channel_live). The `status`, `integration.state` and `fb_account_status`
 * values per stage are assumptions: the docs do not show channel JSON for each step.
 */
export const CHANNEL_STAGES = ['created', 'submitted', 'ready', 'running', 'live'] as const;
export type ChannelStage = (typeof CHANNEL_STAGES)[number];

export type ChannelStageEvent = 'channel_created' | 'channel_submitted' | 'channel_ready' | 'channel_running' | 'channel_live';

export interface StageFacts {
  event: ChannelStageEvent;
  /** The channel object's `status` field while in this stage. */
  status: string;
  integrationEnabled: boolean;
  integrationState: 'pending' | 'running';
  fbAccountStatus: 'pending' | 'verified';
  /** Billing starts (and `billing_started_at` is set) when the number starts running. */
  billing: boolean;
}

const STAGE_FACTS: Record<ChannelStage, StageFacts> = {
  created: { event: 'channel_created', status: 'created', integrationEnabled: false, integrationState: 'pending', fbAccountStatus: 'pending', billing: false },
  submitted: { event: 'channel_submitted', status: 'submitted', integrationEnabled: false, integrationState: 'pending', fbAccountStatus: 'pending', billing: false },
  ready: { event: 'channel_ready', status: 'ready', integrationEnabled: true, integrationState: 'pending', fbAccountStatus: 'verified', billing: false },
  running: { event: 'channel_running', status: 'running', integrationEnabled: true, integrationState: 'running', fbAccountStatus: 'verified', billing: true },
  live: { event: 'channel_live', status: 'live', integrationEnabled: true, integrationState: 'running', fbAccountStatus: 'verified', billing: true },
};

export function isChannelStage(value: unknown): value is ChannelStage {
  return typeof value === 'string' && (CHANNEL_STAGES as readonly string[]).includes(value);
}

export function stageFacts(stage: ChannelStage): StageFacts {
  return STAGE_FACTS[stage];
}

/** The stage after `stage`, or undefined at the end of the progression. */
export function nextStage(stage: ChannelStage): ChannelStage | undefined {
  return CHANNEL_STAGES[CHANNEL_STAGES.indexOf(stage) + 1];
}

/** True when `stage` is at or past `reference` in the progression. */
export function hasReached(stage: ChannelStage, reference: ChannelStage): boolean {
  return CHANNEL_STAGES.indexOf(stage) >= CHANNEL_STAGES.indexOf(reference);
}
