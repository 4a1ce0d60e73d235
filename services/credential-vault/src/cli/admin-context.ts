import os from 'node:os';
import { createMessagingApiClient, createPartnerApiClient } from '@chatpilot/d360-client';
import type { Logger } from '@chatpilot/logger';
import { createBulkhead } from '@chatpilot/resilience';
import type { CallContext, PartnerApi, VaultDependencies } from '../app/ports';
import type { VaultAdminConfig } from '../config';
import { createAuditTrail } from '../db/audit-trail';
import { createVaultDataSource } from '../db/vault-data-source';
import { createVaultStore } from '../db/vault-store.repository';
import { channelWebhooksAdapter, partnerApiAdapter } from '../d360/partner-api.adapter';
import { Keyring } from '../domain/keyring';

export interface AdminContext {
  deps: VaultDependencies;
  /** The operator, as the audit log names them. */
  context: CallContext;
  close(): Promise<void>;
}

/** What the admin commands need, against the vault's database (the schema must exist already). */
export async function openAdminContext(config: VaultAdminConfig, logger: Logger): Promise<AdminContext> {
  const dataSource = createVaultDataSource({ url: config.databaseUrl, logger, poolSize: 2 });
  await dataSource.initialize();
  const auditTrail = createAuditTrail({ dataSource });
  const partnerClient = config.partnerApi && createPartnerApiClient({ ...config.partnerApi, breaker: { resetTimeoutMs: config.partnerApi.breakerResetMs }, logger });
  const deps: VaultDependencies = {
    store: createVaultStore(dataSource),
    auditTrail,
    keyring: Keyring.create(config.encryptionKeys),
    partnerApi: partnerClient ? partnerApiAdapter(partnerClient) : partnerApiNotConfigured(),
    webhooks: channelWebhooksAdapter(createMessagingApiClient({ logger })),
    channelWebhookUrlTemplate: config.channelWebhookUrlTemplate,
    provisioning: createBulkhead(1),
    clock: { now: () => new Date() },
    logger,
  };
  return {
    deps,
    context: { caller: `admin-cli:${operatorName()}` },
    close: async () => {
      await auditTrail.drain();
      partnerClient?.close();
      await dataSource.destroy();
    },
  };
}

function partnerApiNotConfigured(): PartnerApi {
  return {
    createChannelApiKey: () => Promise.reject(new Error('this command needs DIALOG360_PARTNER_ID and DIALOG360_PARTNER_API_KEY (or DIALOG360_PARTNER_TOKEN)')),
  };
}

function operatorName(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
