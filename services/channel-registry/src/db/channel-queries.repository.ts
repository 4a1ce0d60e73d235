import { type DataSource, MoreThan } from 'typeorm';

import type { ChannelQueries } from '../app/ports';
import { toChannel } from './channel-row.mapper';
import { digitsOf, PHONE_DIGITS_SQL } from './phone-digits';
import { WhatsappAccountEntity } from './whatsapp-account.entity';

export function createChannelQueries(dataSource: DataSource): ChannelQueries {
  const accounts = dataSource.getRepository(WhatsappAccountEntity);
  return {
    get: async (tenantId, channelId) => {
      const row = await accounts.findOneBy({ tenantId, channelId });
      return row === null ? undefined : toChannel(row);
    },
    list: async (tenantId, page) => {
      const [rows, total] = await Promise.all([
        accounts.find({
          where: { tenantId, ...(page.after === undefined ? {} : { channelId: MoreThan(page.after) }) },
          order: { channelId: 'ASC' },
          take: page.size + 1,
        }),
        accounts.countBy({ tenantId }),
      ]);
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
