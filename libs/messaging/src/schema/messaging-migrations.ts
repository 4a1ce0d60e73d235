import { CreateMessagingTables1767225600000 } from './create-messaging-tables.migration';
import { DropOutboxNotify1796601600000 } from './drop-outbox-notify.migration';
import { OrderOutboxByInsertion1767500000000 } from './order-outbox-by-insertion.migration';

/** The outbox and inbox schema, in order; each service lists these among its own migrations. */
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1767225600000, OrderOutboxByInsertion1767500000000, DropOutboxNotify1796601600000];
