import type { Logger } from '@chatpilot/logger';

import { countedChannelIds } from '../domain/channel-limit';
import { COEXISTENCE_REQUIREMENTS, type CoexistenceRequirements } from '../domain/coexistence-requirements';
import { decideEligibility, type Eligibility } from '../domain/eligibility';
import type { ChannelRegistry, CredentialVault, TransactionRunner } from './ports';

export interface CheckEligibilityDeps {
  runner: TransactionRunner;
  registry: ChannelRegistry;
  vault: CredentialVault;
  logger: Logger;
  settings: { configured: boolean; maxChannelsPerTenant: number };
}

export interface EligibilityAnswer extends Eligibility {
  requirements: CoexistenceRequirements;
}

/**
 * `GET /onboarding/coexistence/eligibility`. Onboarding makes no 360dialog call itself: the vault
 * and the registry do, and they answer UNAVAILABLE when 360dialog (or they) are down. The
 * circuit breakers on our clients of those two services are therefore what tells us that
 * onboarding cannot get through to 360dialog right now.
 */
export async function checkEligibility(deps: CheckEligibilityDeps, tenantId: string): Promise<EligibilityAnswer> {
  const { sessions, tenants } = deps.runner.reader;
  const [tenantDisabled, active, channelCount] = await Promise.all([
    tenants.isDisabled(tenantId),
    sessions.findActiveForTenant(tenantId),
    countChannels(deps, tenantId),
  ]);
  const eligibility = decideEligibility({
    configured: deps.settings.configured,
    dialog360Available: deps.registry.isAvailable() && deps.vault.isAvailable(),
    activeSessionId: active?.id,
    channelCount,
    maxChannels: deps.settings.maxChannelsPerTenant,
    tenantDisabled,
  });
  return { ...eligibility, requirements: COEXISTENCE_REQUIREMENTS };
}

async function countChannels(deps: CheckEligibilityDeps, tenantId: string): Promise<number | undefined> {
  try {
    return countedChannelIds(await deps.registry.listTenantChannels(tenantId)).size;
  } catch (error) {
    deps.logger.warn({ err: error, tenant_id: tenantId }, 'channel-registry could not count the tenant channels');
    return undefined;
  }
}
