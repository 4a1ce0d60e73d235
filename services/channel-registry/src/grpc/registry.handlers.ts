import type * as grpc from '@grpc/grpc-js';
import { isRefusedValue } from '@chatpilot/db';
import type { Logger } from '@chatpilot/logger';

import { linkChannels } from '../app/link-channels';
import { markRevoked } from '../app/mark-revoked';
import { decodePageToken, encodePageToken } from '../app/page-token';
import type { ChannelQueries, Clock, UnitOfWork } from '../app/ports';
import { getChannel, listChannels, resolveChannel } from '../app/read-channels';
import { REGISTRY_ERROR_CODES, type RegistryErrorCode } from '../domain/errors';
import { toChannelMessage, toChannelStatusMessage, toLinkOutcomeMessage, toRevokeOutcomeMessage } from './channel-message.mapper';
import { internalError, toGrpcError } from './grpc-error.mapper';
import type { ChannelRegistryHandlers } from './registry-proto';
import { getChannelRequest, linkChannelsRequest, listChannelsRequest, markRevokedRequest, parseRequest, resolveChannelRequest } from './request-schemas';

export interface RegistryHandlerDependencies {
  unitOfWork: UnitOfWork;
  queries: ChannelQueries;
  clock: Clock;
  logger: Logger;
}

type Answer<T> = { ok: true; value: T } | { ok: false; code: RegistryErrorCode; message: string };
type Handler<K extends keyof ChannelRegistryHandlers> = ChannelRegistryHandlers[K] extends grpc.handleUnaryCall<infer Request, infer Response>
  ? (request: Request) => Promise<Answer<Response>>
  : never;

const invalid = (message: string): Answer<never> => ({ ok: false, code: REGISTRY_ERROR_CODES.invalidRequest, message });
const notFound: Answer<never> = { ok: false, code: REGISTRY_ERROR_CODES.channelNotFound, message: 'No such channel for this tenant' };

/** Thin adapters: validate, call the use case, map the answer. */
export function createRegistryHandlers(deps: RegistryHandlerDependencies): ChannelRegistryHandlers {
  return {
    LinkChannels: unary(deps.logger, linkChannelsHandler(deps)),
    GetChannel: unary(deps.logger, getChannelHandler(deps)),
    ListChannels: unary(deps.logger, listChannelsHandler(deps)),
    ResolveChannel: unary(deps.logger, resolveChannelHandler(deps)),
    MarkRevoked: unary(deps.logger, markRevokedHandler(deps)),
  };
}

function linkChannelsHandler(deps: RegistryHandlerDependencies): Handler<'LinkChannels'> {
  return async (request) => {
    const parsed = parseRequest(linkChannelsRequest, request);
    if (!parsed.ok) return invalid(parsed.message);
    const { tenant_id, session_id, client_id, channel_ids } = parsed.value;
    const results = await linkChannels(deps, { tenantId: tenant_id, sessionId: session_id, clientId: client_id, channelIds: channel_ids });
    const messages = results.map((result) => ({
      channel_id: result.channelId,
      outcome: toLinkOutcomeMessage(result.outcome),
      error_code: result.outcome === 'conflict' ? result.errorCode : '',
    }));
    return { ok: true, value: { results: messages } };
  };
}

function getChannelHandler(deps: RegistryHandlerDependencies): Handler<'GetChannel'> {
  return async (request) => {
    const parsed = parseRequest(getChannelRequest, request);
    if (!parsed.ok) return invalid(parsed.message);
    const channel = await getChannel(deps.queries, parsed.value.tenant_id, parsed.value.channel_id);
    return channel === undefined ? notFound : { ok: true, value: toChannelMessage(channel) };
  };
}

function listChannelsHandler(deps: RegistryHandlerDependencies): Handler<'ListChannels'> {
  return async (request) => {
    const parsed = parseRequest(listChannelsRequest, request);
    if (!parsed.ok) return invalid(parsed.message);
    const after = decodePageToken(parsed.value.page_token);
    if (after === 'invalid') return { ok: false, code: REGISTRY_ERROR_CODES.invalidPageToken, message: 'page_token was not issued by this service' };
    const page = await listChannels(deps.queries, parsed.value.tenant_id, { size: parsed.value.page_size, ...(after === undefined ? {} : { after }) });
    const next_page_token = page.nextAfter === undefined ? '' : encodePageToken(page.nextAfter);
    return { ok: true, value: { channels: page.channels.map(toChannelMessage), next_page_token, total_size: page.total } };
  };
}

function resolveChannelHandler(deps: RegistryHandlerDependencies): Handler<'ResolveChannel'> {
  return async (request) => {
    if (request.key === undefined) return invalid('exactly one of channel_id, waba_account_id or phone_number must be set');
    const parsed = parseRequest(resolveChannelRequest, request);
    if (!parsed.ok) return invalid(parsed.message);
    const channel = await resolveChannel(deps.queries, parsed.value);
    if (channel === undefined) return { ok: false, code: REGISTRY_ERROR_CODES.channelNotFound, message: 'No channel is registered under this id or number' };
    const { tenantId, channelId, clientId, status } = channel;
    return { ok: true, value: { tenant_id: tenantId, channel_id: channelId, client_id: clientId, status: toChannelStatusMessage(status) } };
  };
}

function markRevokedHandler(deps: RegistryHandlerDependencies): Handler<'MarkRevoked'> {
  return async (request) => {
    const parsed = parseRequest(markRevokedRequest, request);
    if (!parsed.ok) return invalid(parsed.message);
    const { tenant_id, channel_ids, reason } = parsed.value;
    const results = await markRevoked(deps, { tenantId: tenant_id, channelIds: channel_ids, reason });
    return { ok: true, value: { results: results.map((result) => ({ channel_id: result.channelId, outcome: toRevokeOutcomeMessage(result.outcome) })) } };
  };
}

/**
 * Runs a handler body; an expected failure becomes its gRPC status, a value PostgreSQL refuses
 * INVALID_ARGUMENT (a safety net behind the request schemas), anything else thrown INTERNAL.
 */
function unary<Request, Response>(logger: Logger, run: (request: Request) => Promise<Answer<Response>>): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    run(call.request).then(
      (answer) => (answer.ok ? callback(null, answer.value) : callback(toGrpcError(answer.code, answer.message))),
      (error: unknown) => {
        if (isRefusedValue(error)) {
          logger.warn({ err: error, grpcMethod: call.getPath() }, 'PostgreSQL refused a value of the request');
          return callback(toGrpcError(REGISTRY_ERROR_CODES.invalidRequest, 'a value of the request cannot be stored'));
        }
        logger.error({ err: error, grpcMethod: call.getPath() }, 'grpc handler failed');
        return callback(internalError());
      },
    );
  };
}
