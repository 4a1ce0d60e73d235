import type { MigrationClass } from '@chatpilot/db';
import { MESSAGING_MIGRATIONS } from '@chatpilot/messaging';

import { CreateWhatsappAccounts1767312000000 } from './1767312000000-create-whatsapp-accounts';

/** Every migration of the registry's database, in order (the outbox and inbox tables first). */
export const registryMigrations: MigrationClass[] = [...MESSAGING_MIGRATIONS, CreateWhatsappAccounts1767312000000];
