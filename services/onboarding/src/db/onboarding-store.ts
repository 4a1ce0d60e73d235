import { enqueueEvents } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';

import type { OnboardingStore, TransactionRunner } from '../app/ports';
import { createChannelProgressRepository } from './channel-progress.repository';
import { createSessionRepository } from './session.repository';
import { createTenantRepository } from './tenant.repository';

/** The repositories over one EntityManager: a transaction's (the inbox consumer hands one over) or the pool's. */
export function createOnboardingStore(manager: EntityManager): OnboardingStore {
  return {
    sessions: createSessionRepository(manager),
    channels: createChannelProgressRepository(manager),
    tenants: createTenantRepository(manager),
    outbox: { enqueue: (events) => enqueueEvents(manager, events) },
  };
}

export function createTransactionRunner(dataSource: DataSource): TransactionRunner {
  return {
    inTransaction: (work) => dataSource.transaction((manager) => work(createOnboardingStore(manager))),
    reader: createOnboardingStore(dataSource.manager),
  };
}
