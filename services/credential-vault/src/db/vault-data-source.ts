import { createDataSource } from '@chatpilot/db';
import type { Logger } from '@chatpilot/logger';
import { InboxRecord, MESSAGING_MIGRATIONS, OutboxMessage } from '@chatpilot/messaging';
import type { DataSource } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { ChannelKeyEntity } from './channel-key.entity';
import { CreateVaultTables1767312000000 } from './migrations/1767312000000-create-vault-tables';

export const VAULT_ENTITIES = [ChannelKeyEntity, AuditEntryEntity, OutboxMessage, InboxRecord];
export const VAULT_MIGRATIONS = [...MESSAGING_MIGRATIONS, CreateVaultTables1767312000000];

/** The vault's DataSource (not yet connected): its entities and migrations, nothing else. */
export function createVaultDataSource(options: { url: string; logger: Logger; poolSize?: number }): DataSource {
  return createDataSource({
    url: options.url,
    entities: VAULT_ENTITIES,
    migrations: VAULT_MIGRATIONS,
    logger: options.logger,
    applicationName: 'credential-vault',
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
}
