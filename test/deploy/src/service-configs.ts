import { ConfigError, type Env } from '@chatpilot/config';
import { loadConfig as loadChannelRegistryConfig } from '../../../services/channel-registry/src/config';
import { loadConfig as loadCredentialVaultConfig } from '../../../services/credential-vault/src/config';
import { loadConfig as loadOnboardingConfig } from '../../../services/onboarding/src/config';
import { loadConfig as loadWebhookIngestConfig } from '../../../services/webhook-ingest/src/config';
import { loadConfig as loadSandboxConfig } from '../../d360-sandbox/src/config';
import type { ServiceName } from './repo';

/** Each deployed workload's own config loader: the real schema decides whether an environment is complete. */
const LOADERS: Readonly<Record<ServiceName | 'd360-sandbox', (env: Env) => unknown>> = {
  onboarding: loadOnboardingConfig,
  'webhook-ingest': loadWebhookIngestConfig,
  'channel-registry': loadChannelRegistryConfig,
  'credential-vault': loadCredentialVaultConfig,
  'd360-sandbox': loadSandboxConfig,
};

/** The problems the workload's schema finds in `env` (empty when it would start). */
export function configProblems(workload: ServiceName | 'd360-sandbox', env: Env): string[] {
  try {
    LOADERS[workload](env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.variable}: ${problem.problem}`);
    throw error;
  }
}
