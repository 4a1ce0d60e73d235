import type { EntityClass } from '@chatpilot/db';
import { InboxRecord, OutboxMessage } from '@chatpilot/messaging';

import { DisabledTenantEntity } from './disabled-tenant.entity';
import { OnboardingChannelEntity } from './onboarding-channel.entity';
import { OnboardingSessionEntity } from './onboarding-session.entity';

export const ONBOARDING_ENTITIES: EntityClass[] = [OnboardingSessionEntity, OnboardingChannelEntity, DisabledTenantEntity, OutboxMessage, InboxRecord];
