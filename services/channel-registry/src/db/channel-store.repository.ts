import { changeWithEvents } from '@chatpilot/messaging';
import type { EntityManager } from 'typeorm';

import type { ChannelStore } from '../app/ports';
import type { Channel, ChannelLink } from '../domain/channel';
import { CHANNEL_SELECT_LIST, CHANNEL_STATE_ASSIGNMENTS, channelStateParameters, toChannel } from './channel-row.mapper';
import { digitsOf, PHONE_DIGITS_SQL } from './phone-digits';
import { WhatsappAccountEntity } from './whatsapp-account.entity';

/** `whatsapp_accounts` inside one transaction. */
export function createChannelStore(manager: EntityManager): ChannelStore {
  const accounts = manager.getRepository(WhatsappAccountEntity);
  const findForUpdate = async (channelId: string): Promise<Channel | undefined> => {
    const [row] = (await manager.query(`SELECT ${CHANNEL_SELECT_LIST} FROM whatsapp_accounts WHERE channel_id = $1 FOR UPDATE`, [channelId])) as Channel[];
    return row === undefined ? undefined : toChannel(row);
  };

  return {
    insertIfAbsent: async (link: ChannelLink) => {
      const inserted = (await manager.query(
        `INSERT INTO whatsapp_accounts (channel_id, tenant_id, client_id, onboarding_session_id, status, linked_at, status_changed_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $5)
         ON CONFLICT (channel_id) DO NOTHING
         RETURNING channel_id`,
        [link.channelId, link.tenantId, link.clientId, link.onboardingSessionId, link.linkedAt],
      )) as unknown[];
      return inserted.length === 1;
    },
    relinkIfRevoked: async (link: ChannelLink) => {
      // The status condition makes the relink itself the decision, like the insert.
      const [, relinked] = (await manager.query(
        `UPDATE whatsapp_accounts
            SET client_id = $3, onboarding_session_id = $4, status = 'pending', raw_status = NULL, linked_at = $5,
                status_changed_at = $5, last_event_at = NULL, last_reconciled_at = NULL, revoked_at = NULL,
                revoke_reason = NULL, updated_at = now()
          WHERE channel_id = $1 AND tenant_id = $2 AND status = 'revoked'`,
        [link.channelId, link.tenantId, link.clientId, link.onboardingSessionId, link.linkedAt],
      )) as [unknown, number];
      return relinked === 1 ? findForUpdate(link.channelId) : undefined;
    },
    findOwner: async (channelId) => {
      const row = await accounts.findOne({ where: { channelId }, select: { channelId: true, tenantId: true } });
      return row?.tenantId;
    },
    findForUpdate,
    findByPhoneNumberForUpdate: async (phoneNumber) => {
      const row = await accounts
        .createQueryBuilder('account')
        .where(`${PHONE_DIGITS_SQL} = :digits`, { digits: digitsOf(phoneNumber) })
        .orderBy('account.linked_at', 'DESC')
        // One row locked, not every row with these digits: locking several in linked_at order could
        // deadlock with MarkRevoked, which locks by channel id.
        .limit(1)
        .setLock('pessimistic_write')
        .getOne();
      return row === null ? undefined : toChannel(row);
    },
    save: async (channel, events = []) => {
      const sql = `UPDATE whatsapp_accounts SET ${CHANNEL_STATE_ASSIGNMENTS}, updated_at = now() WHERE channel_id = $1 RETURNING channel_id`;
      await changeWithEvents(manager, { sql, parameters: channelStateParameters(channel) }, events);
    },
  };
}
