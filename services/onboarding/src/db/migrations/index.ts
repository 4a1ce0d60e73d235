import { MESSAGING_MIGRATIONS } from '@chatpilot/messaging';
import type { MigrationClass } from '@chatpilot/db';

import { CreateOnboardingTables1767312000000 } from './1767312000000-create-onboarding-tables';

/** In the order they apply. */
export const ONBOARDING_MIGRATIONS: MigrationClass[] = [...MESSAGING_MIGRATIONS, CreateOnboardingTables1767312000000];
