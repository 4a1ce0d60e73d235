export { buildService } from './service';
export type { OnboardingService, ServiceOverrides } from './service';
export { loadConfig, SERVICE_NAME } from './config';
export type { OnboardingConfig } from './config';
export { ONBOARDING_ENTITIES } from './db/entities';
export { ONBOARDING_MIGRATIONS } from './db/migrations';
