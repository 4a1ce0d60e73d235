import type { MigrationClass } from '@chatpilot/db';
import { CreateMessagingTables1767225600000 } from '@chatpilot/messaging';

import { CreateWhatsappAccounts1767312000000 } from './1767312000000-create-whatsapp-accounts';

/** Every migration of the registry's database, in order (the outbox and inbox tables first). */
export const registryMigrations: MigrationClass[] = [CreateMessagingTables1767225600000, CreateWhatsappAccounts1767312000000];
