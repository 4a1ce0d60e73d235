import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@chatpilot/logger';
import { createCallerAuthenticator } from './caller-auth';
import type { CallerAuthConfig } from './caller-auth';
import { createHealthService } from './health-service';
import type { ServingStatus } from './health-service';
import { createServerInterceptor, type RejectedCall } from './server-interceptor';
import { answerUndecodableAsInvalid } from './undecodable-requests';

export interface ServerTlsOptions {
  /** CA that client certificates must chain to (used when requireClientCert is set). */
  rootCert: Buffer;
  certChain: Buffer;
  privateKey: Buffer;
  /** Demand a client certificate; its subject CN then identifies callers that send no bearer token. */
  requireClientCert: boolean;
}

export interface GrpcServerOptions {
  logger: Logger;
  auth: CallerAuthConfig;
  tls?: ServerTlsOptions;
  /** Overrides where protos/ is looked up (default: the nearest protos/ above this library). */
  protosDir?: string;
  /** Told of every call refused by authentication, the allow-list or an undecodable body (must not throw). */
  onRejected?: (rejected: RejectedCall) => void;
}

export interface GrpcServer {
  readonly server: grpc.Server;
  addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void;
  readonly health: { setStatus(service: string, status: ServingStatus): void };
  /** Binds and starts serving, e.g. on '127.0.0.1:0'; resolves with the bound port. */
  start(address: string): Promise<number>;
  /** Lets calls in flight finish for up to graceMs, then cancels the rest. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A grpc-js server with grpc.health.v1 (unauthenticated, for probes), bearer-token/mTLS caller
 * authentication with per-method allow-lists on every other method, and one log line per call.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const authenticate = createCallerAuthenticator(options.auth, { trustClientCertificate: options.tls?.requireClientCert ?? false });
  // channelz (per-call and per-socket bookkeeping for the channelz debug service) is off: nothing
  // here serves channelz, and the bookkeeping costs every call.
  const server = new grpc.Server({ 'grpc.enable_channelz': 0, interceptors: [createServerInterceptor({ logger: options.logger, authenticate, ...(options.onRejected ? { onRejected: options.onRejected } : {}) })] });
  const health = createHealthService(options.protosDir);
  server.addService(health.definition, health.implementation);

  return {
    server,
    addService: (definition, implementation) => {
      const tolerant = answerUndecodableAsInvalid(definition, implementation, options.onRejected);
      server.addService(tolerant.definition, tolerant.implementation);
    },
    health: { setStatus: health.setStatus },
    start: (address) => bind(server, address, serverCredentials(options.tls)),
    stop: async (graceMs = 10_000) => {
      health.shutdown();
      await shutdownWithin(server, graceMs);
    },
  };
}

function serverCredentials(tls: ServerTlsOptions | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(tls.rootCert, [{ cert_chain: tls.certChain, private_key: tls.privateKey }], tls.requireClientCert);
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdownWithin(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
