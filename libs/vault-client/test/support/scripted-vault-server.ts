import * as grpc from '@grpc/grpc-js';
import { callerOf, createGrpcServer, hashToken, loadProtoPackage } from '@chatpilot/grpc';
import type { ChannelCredentials } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/ChannelCredentials';
import type { ChannelKeyInfo } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/ChannelKeyInfo';
import type { CredentialVaultHandlers } from '@chatpilot/grpc/src/generated/chatpilot/vault/v1/CredentialVault';
import type { ProtoGrpcType as VaultProto } from '@chatpilot/grpc/src/generated/vault';
import { createLogger } from '@chatpilot/logger';

export const SENDER_TOKEN = 'sender-token-for-client-tests';
const SERVICE = '/chatpilot.vault.v1.CredentialVault';

/** `hang` never answers; a status fails the call; otherwise the server answers normally. */
export type Script = 'hang' | grpc.status;

export interface ScriptedVaultServer {
  address: string;
  /** Outcomes of the next calls (GetChannelCredentials or ProvisionChannelKey), in order; afterwards calls succeed. */
  script: Script[];
  calls: number;
  stop(): Promise<void>;
}

/**
 * A real loopback gRPC server speaking the vault's proto, answering as the test scripts it:
 * enough to exercise the client's deadline, retries, breaker and cache without a database.
 */
export async function startScriptedVaultServer(): Promise<ScriptedVaultServer> {
  const server = createGrpcServer({
    logger: createLogger({ service: 'vault-client-test', level: 'silent' }),
    auth: {
      callers: new Map([[hashToken(SENDER_TOKEN), 'messaging-sender']]),
      allow: {
        [`${SERVICE}/GetChannelCredentials`]: ['messaging-sender'],
        [`${SERVICE}/DescribeChannelKey`]: ['messaging-sender'],
        [`${SERVICE}/ProvisionChannelKey`]: ['messaging-sender'],
      },
    },
  });
  const state = { script: [] as Script[], calls: 0 };
  /** Counts the call and takes its scripted answer; undefined means answer normally. */
  const nextStep = (): Script | undefined => {
    state.calls += 1;
    return state.script.shift();
  };
  const scriptedFailure = (code: grpc.status) => ({ code, details: `scripted ${grpc.status[code]}` });
  const { CredentialVault } = loadProtoPackage<VaultProto>('chatpilot/vault/v1/vault.proto').chatpilot.vault.v1;
  const handlers: Partial<CredentialVaultHandlers> = {
    GetChannelCredentials: (call, callback) => {
      const next = nextStep();
      if (next === 'hang') return;
      if (next !== undefined) return callback(scriptedFailure(next));
      const credentials: ChannelCredentials = {
        channel_id: call.request.channel_id,
        tenant_id: call.request.tenant_id || 'tenant-a',
        api_key: `key-for-${call.request.channel_id}-call-${state.calls}`,
        address: `https://waba.example/${callerOf(call)}`,
        generation: 1,
      };
      return callback(null, credentials);
    },
    ProvisionChannelKey: (call, callback) => {
      const next = nextStep();
      if (next === 'hang') return;
      if (next !== undefined) return callback(scriptedFailure(next));
      const key: ChannelKeyInfo = {
        tenant_id: call.request.tenant_id,
        channel_id: call.request.channel_id,
        status: 'CHANNEL_KEY_STATUS_ACTIVE',
        api_key_last4: 'abcd',
        address: 'https://waba.example',
        generation: state.calls,
      };
      return callback(null, { key, created: call.request.force_rotate });
    },
  };
  server.addService(CredentialVault.service, handlers as grpc.UntypedServiceImplementation);
  const port = await server.start('127.0.0.1:0');
  return Object.assign(state, { address: `127.0.0.1:${port}`, stop: () => server.stop(500) });
}
