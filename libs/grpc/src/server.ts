import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@chatpilot/logger';
import { createInFlight, type InFlight } from '@chatpilot/resilience';
import { Histogram, type Registry } from 'prom-client';
import { createCallerAuthenticator } from './caller-auth';
import type { CallerAuthConfig } from './caller-auth';
import { createHealthService } from './health-service';
import type { ServingStatus } from './health-service';
import { createServerInterceptor, type FinishedCall, type RejectedCall } from './server-interceptor';
import { wrapUnaryHandlers } from './unary-handlers';
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
  /** Where `chatpilot_grpc_server_handled_seconds{method,code}` goes; no gRPC metrics without it. */
  metricsRegistry?: Registry;
}

export interface GrpcServer {
  readonly server: grpc.Server;
  addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void;
  readonly health: { setStatus(service: string, status: ServingStatus): void };
  /** Binds and starts serving, e.g. on '127.0.0.1:0'; resolves with the bound port. */
  start(address: string): Promise<number>;
  /**
   * Lets calls in flight finish for up to graceMs, then cancels the rest. Waits, within the same
   * grace, for handlers still working on calls their client gave up on (a deadline, a cancel):
   * grpc-js counts such a call as done at once, and a process that exits then abandons the
   * handler's work halfway (a key issued at 360dialog and never stored, say).
   */
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
  const methodPaths = new Set<string>();
  const onFinished = options.metricsRegistry ? handledCallsMetric(options.metricsRegistry, methodPaths) : undefined;
  const interceptor = createServerInterceptor({
    logger: options.logger,
    authenticate,
    ...(options.onRejected ? { onRejected: options.onRejected } : {}),
    ...(onFinished ? { onFinished } : {}),
  });
  const server = new grpc.Server({ 'grpc.enable_channelz': 0, interceptors: [interceptor] });
  const health = createHealthService(options.protosDir);
  server.addService(health.definition, health.implementation);
  const handlersAtWork = createInFlight();

  return {
    server,
    addService: (definition, implementation) => {
      for (const method of Object.values(definition)) methodPaths.add(method.path);
      const tolerant = answerUndecodableAsInvalid(definition, implementation, options.onRejected);
      server.addService(tolerant.definition, trackingUnaryHandlers(tolerant.definition, tolerant.implementation, handlersAtWork));
    },
    health: { setStatus: health.setStatus },
    start: (address) => bind(server, address, serverCredentials(options.tls)),
    stop: async (graceMs = 10_000) => {
      const deadline = Date.now() + graceMs;
      health.shutdown();
      await shutdownWithin(server, graceMs);
      await handlersAtWork.idle(Math.max(0, deadline - Date.now()));
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

/** Each unary handler counts as at work from its call until it answers, whether or not anyone still listens. */
function trackingUnaryHandlers(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation, atWork: InFlight): grpc.UntypedServiceImplementation {
  return wrapUnaryHandlers(definition, implementation, (unary) => (call, callback) => {
    const done = atWork.begin();
    try {
      unary(call, (...answer) => {
        done();
        callback(...answer);
      });
    } catch (error) {
      done();
      throw error;
    }
  });
}

/**
 * Calls by method and status. grpc-js answers a path no added service has UNIMPLEMENTED before any
 * interceptor runs; should that change, such paths (anyone may send one) count as `unknown`, so
 * the labels stay bounded.
 */
function handledCallsMetric(registry: Registry, methodPaths: ReadonlySet<string>): (finished: FinishedCall) => void {
  const handled = new Histogram({
    name: 'chatpilot_grpc_server_handled_seconds',
    help: 'gRPC calls this server finished (health probes aside), by method and status code, and how long they took',
    labelNames: ['method', 'code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return ({ methodPath, code, seconds }) => {
    handled.observe({ method: methodPaths.has(methodPath) ? methodPath : 'unknown', code: grpc.status[code] ?? String(code) }, seconds);
  };
}
