import type { Logger } from '@chatpilot/logger';

import type { ChannelRegistry, Clock, CredentialVault, SessionMetrics } from './ports';

/** What every saga step needs. */
export interface SagaDeps {
  registry: ChannelRegistry;
  vault: CredentialVault;
  clock: Clock;
  metrics: SessionMetrics;
  logger: Logger;
  settings: {
    activationTimeoutMs: number;
    maxChannelsPerTenant: number;
  };
}
