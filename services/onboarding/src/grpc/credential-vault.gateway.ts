import * as grpc from '@grpc/grpc-js';
import { createVaultClient } from '@chatpilot/vault-client';

import { ChannelKeyRefusedError, type CredentialVault } from '../app/ports';
import type { GatewayOptions } from './channel-registry.gateway';
import { asDependencyFailure, detailsCodeOf, statusOf } from './grpc-failures';

const DEPENDENCY = 'credential-vault';

/**
 * credential-vault over @chatpilot/vault-client (deadline, retries on UNAVAILABLE, breaker).
 * FAILED_PRECONDITION (360dialog refused the key) and a key held for another tenant are final.
 */
export function createCredentialVaultGateway(options: GatewayOptions): CredentialVault & { close(): void } {
  const client = createVaultClient({
    address: options.address,
    token: options.token,
    deadlineMs: options.deadlineMs,
    breaker: { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: options.breakerResetMs },
    ...(options.tls ? { tls: options.tls } : {}),
  });
  return {
    provisionChannelKey: async (tenantId, channelId) => {
      try {
        const { key } = await client.provisionChannelKey({ tenantId, channelId });
        return {
          generation: key.generation,
          provisionedAt: key.rotatedAt ?? key.createdAt ?? new Date(),
          webhookConfigured: key.webhookUrl !== undefined,
        };
      } catch (error) {
        if (isRefusal(error)) throw new ChannelKeyRefusedError(channelId, `${DEPENDENCY} refused the key: ${detailsCodeOf(error) ?? 'unknown'}`, { cause: error });
        throw asDependencyFailure(DEPENDENCY, error);
      }
    },
    revokeChannelKey: async (channelId, reason) => {
      try {
        await client.revokeChannelKey(channelId, reason);
      } catch (error) {
        if (statusOf(error) === grpc.status.NOT_FOUND) return;
        throw asDependencyFailure(DEPENDENCY, error);
      }
    },
    isAvailable: () => client.breakerState() !== 'open',
    close: () => client.close(),
  };
}

function isRefusal(error: unknown): boolean {
  const status = statusOf(error);
  if (status === grpc.status.FAILED_PRECONDITION) return true;
  return status === grpc.status.PERMISSION_DENIED && detailsCodeOf(error) === 'VAULT.TENANT_MISMATCH';
}
