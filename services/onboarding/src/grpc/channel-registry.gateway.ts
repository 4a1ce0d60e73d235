import { createGrpcClient, loadProtoPackage, type ClientTlsOptions } from '@chatpilot/grpc';
import type { Channel__Output as ChannelMessage } from '@chatpilot/grpc/dist/src/generated/chatpilot/registry/v1/Channel';
import type { ChannelRegistryClient } from '@chatpilot/grpc/dist/src/generated/chatpilot/registry/v1/ChannelRegistry';
import type { LinkOutcome__Output as LinkOutcomeMessage } from '@chatpilot/grpc/dist/src/generated/chatpilot/registry/v1/LinkOutcome';
import type { ProtoGrpcType as RegistryProto } from '@chatpilot/grpc/dist/src/generated/registry';
import * as grpc from '@grpc/grpc-js';

import { ChannelRegistryRefusedError, type ChannelRegistry, type LinkOutcome, type RegisteredChannel } from '../app/ports';
import { asDependencyFailure, detailsCodeOf, statusOf } from './grpc-failures';

export interface GatewayOptions {
  address: string;
  token: string;
  deadlineMs: number;
  breakerResetMs: number;
  tls?: ClientTlsOptions;
}

const DEPENDENCY = 'channel-registry';
const PAGE_SIZE = 200;
const LINK_OUTCOMES: Partial<Record<LinkOutcomeMessage, LinkOutcome>> = {
  LINK_OUTCOME_LINKED: 'linked',
  LINK_OUTCOME_ALREADY_LINKED: 'already_linked',
  LINK_OUTCOME_CONFLICT: 'owned_by_other_tenant',
};
const REVOKED_OUTCOMES = new Set(['REVOKE_OUTCOME_REVOKED', 'REVOKE_OUTCOME_ALREADY_REVOKED']);
/** Answers to a saga write that no retry changes: the request itself is refused. */
const REFUSALS: ReadonlySet<grpc.status> = new Set([grpc.status.INVALID_ARGUMENT, grpc.status.FAILED_PRECONDITION, grpc.status.OUT_OF_RANGE]);

/** channel-registry over gRPC: deadline on every call, retries on UNAVAILABLE, one circuit breaker. */
export function createChannelRegistryGateway(options: GatewayOptions): ChannelRegistry & { close(): void } {
  const { ChannelRegistry } = loadProtoPackage<RegistryProto>('chatpilot/registry/v1/registry.proto').chatpilot.registry.v1;
  const client = createGrpcClient<ChannelRegistryClient>(ChannelRegistry, {
    address: options.address,
    token: options.token,
    deadlineMs: options.deadlineMs,
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    breaker: { name: `${DEPENDENCY} ${options.address}`, resetTimeoutMs: options.breakerResetMs },
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw asDependencyFailure(DEPENDENCY, error);
    }
  };
  const sagaWrite = async <T>(method: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && REFUSALS.has(status)) {
        throw new ChannelRegistryRefusedError(`${DEPENDENCY} refused ${method}: ${detailsCodeOf(error) ?? grpc.status[status]}`, { cause: error });
      }
      throw asDependencyFailure(DEPENDENCY, error);
    }
  };

  return {
    linkChannels: (request) =>
      sagaWrite('LinkChannels', async () => {
        const response = await client.unary('LinkChannels', {
          tenant_id: request.tenantId,
          session_id: request.sessionId,
          client_id: request.clientId,
          channel_ids: [...request.channelIds],
        });
        const outcomes = new Map<string, LinkOutcome>();
        for (const result of response.results) {
          const outcome = LINK_OUTCOMES[result.outcome];
          if (outcome !== undefined) outcomes.set(result.channel_id, outcome);
        }
        return outcomes;
      }),
    getChannel: (tenantId, channelId) =>
      call(async () => {
        try {
          return toRegisteredChannel(await client.unary('GetChannel', { tenant_id: tenantId, channel_id: channelId }));
        } catch (error) {
          if (statusOf(error) === grpc.status.NOT_FOUND) return undefined;
          throw error;
        }
      }),
    resolveChannel: (key) =>
      call(async () => {
        const request = 'wabaAccountId' in key ? { waba_account_id: key.wabaAccountId } : { phone_number: key.phoneNumber };
        try {
          const resolved = await client.unary('ResolveChannel', request);
          return { channelId: resolved.channel_id, tenantId: resolved.tenant_id };
        } catch (error) {
          if (statusOf(error) === grpc.status.NOT_FOUND) return undefined;
          throw error;
        }
      }),
    listTenantChannels: (tenantId) =>
      call(async () => {
        const channels: RegisteredChannel[] = [];
        let pageToken = '';
        do {
          const page = await client.unary('ListChannels', { tenant_id: tenantId, page_size: PAGE_SIZE, page_token: pageToken });
          channels.push(...page.channels.map(toRegisteredChannel));
          pageToken = page.next_page_token;
        } while (pageToken !== '');
        return channels;
      }),
    markRevoked: (tenantId, channelIds, reason) =>
      sagaWrite('MarkRevoked', async () => {
        const response = await client.unary('MarkRevoked', { tenant_id: tenantId, channel_ids: [...channelIds], reason });
        return response.results.filter((result) => REVOKED_OUTCOMES.has(result.outcome)).map((result) => result.channel_id);
      }),
    isAvailable: () => client.breakerState() !== 'open',
    close: () => client.close(),
  };
}

function toRegisteredChannel(channel: ChannelMessage): RegisteredChannel {
  const status = channel.status === 'CHANNEL_STATUS_UNSPECIFIED' ? null : channel.status.replace(/^CHANNEL_STATUS_/, '').toLowerCase();
  return {
    channelId: channel.channel_id,
    tenantId: channel.tenant_id || null,
    status,
    statusChangedAt: channel.status_changed_at ? new Date(channel.status_changed_at) : null,
    phoneNumber: channel.phone_number || null,
  };
}
