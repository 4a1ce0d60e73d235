export { buildService, SERVICE_NAME } from './service';
export type { ServiceOverrides, WebhookIngestService } from './service';
export { loadConfig } from './config';
export type { WebhookIngestConfig } from './config';
export { webhookIngestEntities, webhookIngestMigrations } from './db/schema';
