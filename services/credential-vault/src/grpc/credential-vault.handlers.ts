import type * as grpc from '@grpc/grpc-js';
import { callerOf } from '@chatpilot/grpc';
import type { CredentialVaultHandlers } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/CredentialVault';
import type { Logger } from '@chatpilot/logger';
import { describeChannelKey } from '../app/describe-channel-key';
import { getChannelCredentials } from '../app/get-channel-credentials';
import type { CallContext, VaultDependencies } from '../app/ports';
import { provisionChannelKey } from '../app/provision-channel-key';
import { revokeChannelKey } from '../app/revoke-channel-key';
import { storeChannelKey } from '../app/store-channel-key';
import { toChannelKeyInfo } from './channel-key-info';
import { toGrpcError } from './grpc-error-mapper';
import { optionalId, requiredHttpUrl, requiredId, requiredSecret, requiredText } from './request-fields';

/** Thin adapters: read the request, run the use case as the authenticated caller, map the answer. */
export function credentialVaultHandlers(deps: VaultDependencies): CredentialVaultHandlers {
  const { logger } = deps;
  return {
    ProvisionChannelKey: unary(logger, async ({ request, context }) => {
      const command = { tenantId: requiredId('tenant_id', request.tenant_id), channelId: requiredId('channel_id', request.channel_id), forceRotate: request.force_rotate };
      const result = await provisionChannelKey(deps, context, command);
      return { key: toChannelKeyInfo(result.key), created: result.created };
    }),
    StoreChannelKey: unary(logger, async ({ request, context }) => {
      const command = {
        tenantId: requiredId('tenant_id', request.tenant_id),
        channelId: requiredId('channel_id', request.channel_id),
        apiKey: requiredSecret('api_key', request.api_key),
        address: requiredHttpUrl('address', request.address),
      };
      return { key: toChannelKeyInfo(await storeChannelKey(deps, context, command)) };
    }),
    GetChannelCredentials: unary(logger, async ({ request, context }) => {
      const query = { channelId: requiredId('channel_id', request.channel_id), tenantId: optionalId('tenant_id', request.tenant_id) };
      const credentials = await getChannelCredentials(deps, context, query);
      return {
        channel_id: credentials.channelId,
        tenant_id: credentials.tenantId,
        api_key: credentials.apiKey,
        address: credentials.address,
        generation: credentials.generation,
      };
    }),
    DescribeChannelKey: unary(logger, async ({ request, context }) =>
      toChannelKeyInfo(await describeChannelKey(deps, context, requiredId('channel_id', request.channel_id))),
    ),
    RevokeChannelKey: unary(logger, async ({ request, context }) => {
      const command = { channelId: requiredId('channel_id', request.channel_id), reason: requiredText('reason', request.reason) };
      const result = await revokeChannelKey(deps, context, command);
      return { key: toChannelKeyInfo(result.key), revoked: result.revoked };
    }),
  };
}

function unary<Request, Response>(
  logger: Logger,
  run: (input: { request: Request; context: CallContext }) => Promise<Response>,
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    let input: { request: Request; context: CallContext };
    try {
      input = { request: call.request, context: { caller: callerOf(call) } };
    } catch (error) {
      return callback(toGrpcError(error, logger));
    }
    run(input).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toGrpcError(error, logger)),
    );
  };
}
