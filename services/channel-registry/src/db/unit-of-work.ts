import { enqueueEvent } from '@chatpilot/messaging';
import type { DataSource, EntityManager } from 'typeorm';

import type { RegistryTransaction, UnitOfWork } from '../app/ports';
import { createChannelStore } from './channel-store.repository';

/** A transaction's view for the use cases: its channel rows and its outbox. */
export function registryTransaction(manager: EntityManager): RegistryTransaction {
  return { channels: createChannelStore(manager), publish: (event) => enqueueEvent(manager, event) };
}

export function createUnitOfWork(dataSource: DataSource): UnitOfWork {
  return { run: (work) => dataSource.transaction((manager) => work(registryTransaction(manager))) };
}
