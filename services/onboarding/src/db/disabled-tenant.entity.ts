import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant an operator switched onboarding off for. */
@Entity({ name: 'onboarding_disabled_tenants' })
export class DisabledTenantEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz' })
  disabledAt!: Date;
}
