/** The registry's normalised channel status; 360dialog's own word is kept alongside as the raw status. */
export type ChannelStatus = 'pending' | 'ready' | 'running' | 'restricted' | 'offboarded' | 'revoked' | 'error';

/** The onboarding progression; a later stage is never undone by news of an earlier one. */
const PROGRESSION: readonly ChannelStatus[] = ['pending', 'ready', 'running'];

/** True when moving `from` → `to` would step back along pending → ready → running. */
export function isProgressionRegression(from: ChannelStatus, to: ChannelStatus): boolean {
  const fromRank = PROGRESSION.indexOf(from);
  const toRank = PROGRESSION.indexOf(to);
  return fromRank >= 0 && toRank >= 0 && toRank < fromRank;
}
