import type { EntityManager } from 'typeorm';

import type { TenantRepository } from '../app/ports';
import { DisabledTenantEntity } from './disabled-tenant.entity';

export function createTenantRepository(manager: EntityManager): TenantRepository {
  const repository = () => manager.getRepository(DisabledTenantEntity);
  return {
    // Its own lock namespace: the event consumer's per-tenant locks are keyed by its consumer name.
    lockStarts: async (tenantId) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('onboarding.start'), hashtext($1))`, [tenantId]);
    },
    isDisabled: async (tenantId) => (await repository().existsBy({ tenantId })),
    setDisabled: async (tenantId, disabled, reason) => {
      if (!disabled) {
        await repository().delete({ tenantId });
        return;
      }
      await manager.query(
        `INSERT INTO onboarding_disabled_tenants (tenant_id, reason) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET reason = excluded.reason`,
        [tenantId, reason],
      );
    },
  };
}
