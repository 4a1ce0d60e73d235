import { enqueueEvents } from '@chatpilot/messaging';
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
    outbox: { enqueue: (events) => enqueueEvents(manager, events) },
    afterCommit,
  };
}

export function createTransactionRunner(dataSource: DataSource): TransactionRunner {
  return {
    inTransaction: async (work) => {
      const effects: (() => void)[] = [];
      const result = await dataSource.transaction((manager) => work(createOnboardingStore(manager, (effect) => effects.push(effect))));
      for (const effect of effects) effect();
      return result;
    },
    reader: createOnboardingStore(dataSource.manager),
  };
}
