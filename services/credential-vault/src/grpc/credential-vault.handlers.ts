import type * as grpc from '@grpc/grpc-js';
import { callerOf } from '@chatpilot/grpc';
import type { CredentialVaultHandlers } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/CredentialVault';
import { auditRefusedRequest, type VaultMethod } from '../app/audit';
import { describeChannelKey } from '../app/describe-channel-key';
import { getChannelCredentials } from '../app/get-channel-credentials';
import type { CallContext, VaultDependencies } from '../app/ports';
import { provisionChannelKey } from '../app/provision-channel-key';
import { revokeChannelKey } from '../app/revoke-channel-key';
import { storeChannelKey } from '../app/store-channel-key';
import { toChannelKeyInfo } from './channel-key-info';
import { toGrpcError } from './grpc-error-mapper';
import { channelIdIfValid, idIfValid, optionalId, requiredChannelId, requiredHttpUrl, requiredId, requiredSecret, requiredText } from './request-fields';

/** Thin adapters: read the request, run the use case as the authenticated caller, map the answer. */
export function credentialVaultHandlers(deps: VaultDependencies): CredentialVaultHandlers {
  const unary = unaryHandler(deps);
  return {
    ProvisionChannelKey: unary(
      'ProvisionChannelKey',
      (request) => ({ tenantId: requiredId('tenant_id', request.tenant_id), channelId: requiredChannelId(request.channel_id), forceRotate: request.force_rotate }),
      async (command, context) => {
        const result = await provisionChannelKey(deps, context, command);
        return { key: toChannelKeyInfo(result.key), created: result.created };
      },
    ),
    StoreChannelKey: unary(
      'StoreChannelKey',
      (request) => ({
        tenantId: requiredId('tenant_id', request.tenant_id),
        channelId: requiredChannelId(request.channel_id),
        apiKey: requiredSecret('api_key', request.api_key),
        address: requiredHttpUrl('address', request.address),
      }),
      async (command, context) => ({ key: toChannelKeyInfo(await storeChannelKey(deps, context, command)) }),
    ),
    GetChannelCredentials: unary(
      'GetChannelCredentials',
      (request) => ({ channelId: requiredChannelId(request.channel_id), tenantId: optionalId('tenant_id', request.tenant_id) }),
      async (query, context) => {
        const credentials = await getChannelCredentials(deps, context, query);
        return {
          channel_id: credentials.channelId,
          tenant_id: credentials.tenantId,
          api_key: credentials.apiKey,
          address: credentials.address,
          generation: credentials.generation,
        };
      },
    ),
    DescribeChannelKey: unary(
      'DescribeChannelKey',
      (request) => requiredChannelId(request.channel_id),
      async (channelId, context) => toChannelKeyInfo(await describeChannelKey(deps, context, channelId)),
    ),
    RevokeChannelKey: unary(
      'RevokeChannelKey',
      (request) => ({ channelId: requiredChannelId(request.channel_id), reason: requiredText('reason', request.reason) }),
      async (command, context) => {
        const result = await revokeChannelKey(deps, context, command);
        return { key: toChannelKeyInfo(result.key), revoked: result.revoked };
      },
    ),
  };
}

interface RequestIds {
  channel_id?: string;
  tenant_id?: string;
}

/**
 * A handler that validates the request, then runs the use case. A request refused as invalid is
 * audited here, since no use case (which audits its own outcomes) ran for it.
 */
function unaryHandler(deps: VaultDependencies) {
  const { logger } = deps;
  return <Request extends RequestIds, Input, Response>(
    method: VaultMethod,
    parse: (request: Request) => Input,
    run: (input: Input, context: CallContext) => Promise<Response>,
  ): grpc.handleUnaryCall<Request, Response> =>
    (call, callback) => {
      let context: CallContext;
      let input: Input;
      try {
        context = { caller: callerOf(call) };
      } catch (error) {
        return callback(toGrpcError(error, logger));
      }
      try {
        input = parse(call.request);
      } catch (error) {
        const refused = { method, tenantId: idIfValid(call.request.tenant_id), channelId: channelIdIfValid(call.request.channel_id) };
        return void auditRefusedRequest(deps, context, refused, error).then(() => callback(toGrpcError(error, logger)));
      }
      run(input, context).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(error, logger)),
      );
    };
}
