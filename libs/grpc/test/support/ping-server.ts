import * as grpc from '@grpc/grpc-js';
import { createLogger } from '@chatpilot/logger';
import type { Registry } from 'prom-client';
import { callerOf, createGrpcServer, hashToken, loadProtoPackage } from '../../src';
import type { CallerAuthConfig, GrpcServer, RejectedCall, ServerTlsOptions } from '../../src';
import type { PingServiceHandlers } from '../../src/generated/chatpilot/ping/v1/PingService';
import type { ProtoGrpcType as PingProto } from '../../src/generated/ping';

export const PING_METHOD = '/chatpilot.ping.v1.PingService/Ping';
export const PING_SERVICE = 'chatpilot.ping.v1.PingService';
export const ONBOARDING_TOKEN = 'onboarding-test-token-3f9a';
export const REGISTRY_TOKEN = 'registry-test-token-77c1';
/** A request with this message is never answered, to exercise client deadlines. */
export const HANG = 'hang';
/** A request with this message is answered after SLOW_ANSWER_MS, counted in `control.slowAnswered`. */
export const SLOW = 'slow';
export const SLOW_ANSWER_MS = 800;

export const PingService = loadProtoPackage<PingProto>('chatpilot/ping/v1/ping.proto').chatpilot.ping.v1.PingService;

export const defaultAuth: CallerAuthConfig = {
  callers: new Map([
    [hashToken(ONBOARDING_TOKEN), 'onboarding'],
    [hashToken(REGISTRY_TOKEN), 'channel-registry'],
  ]),
  allow: { [PING_METHOD]: ['onboarding'] },
};

export interface PingServerControl {
  /** Statuses the next calls fail with, in order; afterwards calls succeed. */
  scriptedFailures: grpc.status[];
  calls: number;
  slowAnswered: number;
}

export interface RunningPingServer {
  address: string;
  grpcServer: GrpcServer;
  control: PingServerControl;
  /** Every log line the server wrote, raw. */
  logLines: string[];
  stop(): Promise<void>;
}

/** A real loopback server running PingService, answering as the test scripts it to. */
export async function startPingServer(
  options: { auth?: CallerAuthConfig; tls?: ServerTlsOptions; onRejected?: (rejected: RejectedCall) => void; metricsRegistry?: Registry } = {},
): Promise<RunningPingServer> {
  const logLines: string[] = [];
  const logger = createLogger({ service: 'grpc-test', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const grpcServer = createGrpcServer({
    logger,
    auth: options.auth ?? defaultAuth,
    tls: options.tls,
    ...(options.onRejected ? { onRejected: options.onRejected } : {}),
    ...(options.metricsRegistry ? { metricsRegistry: options.metricsRegistry } : {}),
  });
  const control: PingServerControl = { scriptedFailures: [], calls: 0, slowAnswered: 0 };
  grpcServer.addService(PingService.service, pingHandlers(control));
  const port = await grpcServer.start('127.0.0.1:0');
  return { address: `127.0.0.1:${port}`, grpcServer, control, logLines, stop: () => grpcServer.stop(1_000) };
}

function pingHandlers(control: PingServerControl): PingServiceHandlers {
  return {
    Ping: (call, callback) => {
      control.calls += 1;
      if (call.request.message === HANG) return;
      if (call.request.message === SLOW) {
        setTimeout(() => {
          control.slowAnswered += 1;
          callback(null, { message: 'pong: slow', caller: callerOf(call) });
        }, SLOW_ANSWER_MS);
        return;
      }
      const failWith = call.request.fail_with || control.scriptedFailures.shift();
      if (failWith) return callback({ code: failWith, details: `scripted ${grpc.status[failWith]}` });
      return callback(null, { message: `pong: ${call.request.message}`, caller: callerOf(call) });
    },
  };
}
