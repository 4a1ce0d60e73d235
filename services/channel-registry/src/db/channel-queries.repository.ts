import type { DataSource } from 'typeorm';

import type { ChannelQueries } from '../app/ports';
import type { Channel } from '../domain/channel';
import { CHANNEL_SELECT_LIST, toChannel } from './channel-row.mapper';
import { digitsOf, PHONE_DIGITS_SQL } from './phone-digits';
import { WhatsappAccountEntity } from './whatsapp-account.entity';

export function createChannelQueries(dataSource: DataSource): ChannelQueries {
  const accounts = dataSource.getRepository(WhatsappAccountEntity);
  const countTenantChannels = async (tenantId: string): Promise<number> => accounts.countBy({ tenantId });
  return {
    get: async (tenantId, channelId) => {
      const [row] = (await dataSource.query(`SELECT ${CHANNEL_SELECT_LIST} FROM whatsapp_accounts WHERE tenant_id = $1 AND channel_id = $2`, [tenantId, channelId])) as Channel[];
      return row === undefined ? undefined : toChannel(row);
    },
    list: async (tenantId, page) => {
      // The page (one row more, to know whether another follows) and the tenant's total in one statement.
      const rows = (await dataSource.query(
        `SELECT ${CHANNEL_SELECT_LIST}, (SELECT count(*)::int FROM whatsapp_accounts WHERE tenant_id = $1) AS "tenantTotal"
           FROM whatsapp_accounts
          WHERE tenant_id = $1 AND ($2::text IS NULL OR channel_id > $2)
          ORDER BY channel_id
          LIMIT $3`,
        [tenantId, page.after ?? null, page.size + 1],
      )) as (Channel & { tenantTotal: number })[];
      const total = rows[0]?.tenantTotal ?? (page.after === undefined ? 0 : await countTenantChannels(tenantId));
      const channels = rows.slice(0, page.size).map(toChannel);
      return { channels, nextAfter: rows.length > page.size ? channels.at(-1)?.channelId : undefined, total };
    },
    resolve: async (key) => {
      const query = accounts.createQueryBuilder('account').orderBy('account.linked_at', 'DESC');
      if ('channelId' in key) query.where('account.channel_id = :value', { value: key.channelId });
      else if ('wabaAccountId' in key) query.where('account.waba_account_id = :value', { value: key.wabaAccountId });
      else query.where(`${PHONE_DIGITS_SQL} = :value`, { value: digitsOf(key.phoneNumber) });
      const row = await query.getOne();
      return row === null ? undefined : toChannel(row);
    },
  };
}
