import type { Logger } from '@chatpilot/logger';
import { CommitEffects } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';

import type { OnboardingStore, TransactionRunner } from '../app/ports';
import { createChannelProgressRepository } from './channel-progress.repository';
import { createSessionRepository } from './session.repository';
import { createTenantRepository } from './tenant.repository';

/**
 * The repositories over one EntityManager: a transaction's (the inbox consumer hands one over,
 * with its after-commit hook) or the pool's, where nothing waits for a commit.
 */
export function createOnboardingStore(manager: EntityManager, afterCommit: (effect: () => void) => void = (effect) => effect()): OnboardingStore {
  return {
    sessions: createSessionRepository(manager),
    channels: createChannelProgressRepository(manager),
    tenants: createTenantRepository(manager),
    afterCommit,
  };
}

export function createTransactionRunner(dataSource: DataSource, logger: Logger): TransactionRunner {
  return {
    inTransaction: async (work) => {
      const effects = new CommitEffects();
      const result = await dataSource.transaction((manager) => work(createOnboardingStore(manager, (effect) => effects.add(effect))));
      // An effect that throws is logged: the transaction has committed, so the caller must not hear of a failure.
      effects.run(logger);
      return result;
    },
    reader: createOnboardingStore(dataSource.manager),
  };
}
