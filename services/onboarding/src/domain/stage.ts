import type { SessionStatus } from './session';

export interface SessionStage {
  key: string;
  /** What a person is waiting for, in words. */
  label: string;
  percent: number;
}

const STAGES: Record<SessionStatus, SessionStage> = {
  pending: { key: 'waiting_for_permission', label: 'Waiting for you to connect your number at 360dialog', percent: 10 },
  in_progress: { key: 'linking_channels', label: 'Linking your WhatsApp number to ChatPilot', percent: 35 },
  channel_created: { key: 'securing_credentials', label: 'Setting up secure API access for your number', percent: 55 },
  activating: { key: 'activating', label: 'Waiting for WhatsApp to activate your number', percent: 75 },
  completed: { key: 'completed', label: 'Your WhatsApp number is connected', percent: 100 },
  failed: { key: 'failed', label: 'Onboarding did not complete', percent: 100 },
};

/** While activating, the bar moves as channels reach `running` (75 % → 95 %). */
export function stageOf(status: SessionStatus, channels: { running: number; total: number }): SessionStage {
  const stage = STAGES[status];
  if (status !== 'activating' || channels.total === 0) return stage;
  return { ...stage, percent: stage.percent + Math.floor((20 * channels.running) / channels.total) };
}
