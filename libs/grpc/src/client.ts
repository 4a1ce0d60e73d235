import * as grpc from '@grpc/grpc-js';
import { createCircuitBreaker, retry } from '@chatpilot/resilience';
import type { CircuitBreakerOptions, CircuitState } from '@chatpilot/resilience';
import { grpcStatusOf, isBusinessOutcome } from './grpc-errors';
import type { UnaryMethodName, UnaryRequest, UnaryResponse } from './unary-method';

export interface ClientTlsOptions {
  rootCert: Buffer;
  /** Client certificate and key, for servers that require mTLS. */
  certChain?: Buffer;
  privateKey?: Buffer;
}

export interface GrpcClientOptions {
  address: string;
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /** Deadline of every call that does not set one (default 5000 ms); a unary call's retries share it. */
  deadlineMs?: number;
  /** Retries calls answered UNAVAILABLE — and only those — with jittered backoff. */
  retry?: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  /** One breaker for the whole client; only UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, RESOURCE_EXHAUSTED count as failures. */
  breaker?: Omit<CircuitBreakerOptions, 'name' | 'isExpectedError'> & { name?: string };
  tls?: ClientTlsOptions;
}

export interface UnaryCallOptions {
  deadlineMs?: number;
  metadata?: grpc.Metadata;
}

export interface GrpcClient<TClient extends grpc.Client> {
  /**
   * Calls a unary method, e.g. `client.unary('Ping', { message: 'hi' })`. Rejects with the call's
   * ServiceError, or with CircuitOpenError (not retried) while the breaker is open.
   */
  unary<K extends UnaryMethodName<TClient>>(method: K, request: UnaryRequest<TClient, K>, options?: UnaryCallOptions): Promise<UnaryResponse<TClient, K>>;
  /** The generated stub, for streaming methods; calls through it get the token and default deadline too. */
  readonly stub: TClient;
  breakerState(): CircuitState | undefined;
  close(): void;
}

export type GrpcClientConstructor<TClient extends grpc.Client> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ClientOptions,
) => TClient;

type UnaryInvoker = (method: string, request: unknown, deadline: number, metadata: grpc.Metadata | undefined) => Promise<unknown>;

export function createGrpcClient<TClient extends grpc.Client>(
  ClientConstructor: GrpcClientConstructor<TClient>,
  options: GrpcClientOptions,
): GrpcClient<TClient> {
  const defaultDeadlineMs = options.deadlineMs ?? 5_000;
  const stub = new ClientConstructor(options.address, channelCredentials(options.tls), {
    interceptors: [callDefaultsInterceptor(options.token, defaultDeadlineMs)],
  });
  const invoke = unaryInvoker(stub);
  const breaker =
    options.breaker &&
    createCircuitBreaker(invoke, {
      timeoutMs: false, // the gRPC deadline already bounds every attempt
      ...options.breaker,
      name: options.breaker.name ?? `grpc ${options.address}`,
      isExpectedError: isBusinessOutcome,
    });
  const attempt: UnaryInvoker = breaker ? breaker.fire : invoke;

  const unary = async (method: string, request: unknown, callOptions: UnaryCallOptions = {}): Promise<unknown> => {
    const deadline = Date.now() + (callOptions.deadlineMs ?? defaultDeadlineMs);
    const once = (): Promise<unknown> => attempt(method, request, deadline, callOptions.metadata);
    if (!options.retry) return once();
    return retry(once, {
      ...options.retry,
      shouldRetry: (error) => grpcStatusOf(error) === grpc.status.UNAVAILABLE && Date.now() < deadline,
    });
  };

  return {
    unary: unary as GrpcClient<TClient>['unary'],
    stub,
    breakerState: () => breaker?.state(),
    close: () => {
      breaker?.shutdown();
      stub.close();
    },
  };
}

function channelCredentials(tls: ClientTlsOptions | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.rootCert, tls.privateKey ?? null, tls.certChain ?? null);
}

/** Adds the bearer token to every call, and a deadline to calls made without one. */
function callDefaultsInterceptor(token: string | undefined, deadlineMs: number): grpc.Interceptor {
  return (callOptions, nextCall) => {
    const deadline = callOptions.deadline ?? Date.now() + deadlineMs;
    return new grpc.InterceptingCall(nextCall({ ...callOptions, deadline }), {
      start: (metadata, listener, next) => {
        if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
  };
}

type CallbackStyleUnary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

function unaryInvoker(stub: grpc.Client): UnaryInvoker {
  return (method, request, deadline, metadata) =>
    new Promise((resolve, reject) => {
      const call = (stub as unknown as Record<string, CallbackStyleUnary | undefined>)[method];
      if (typeof call !== 'function') return reject(new Error(`gRPC client has no method ${method}`));
      call.call(stub, request, metadata ?? new grpc.Metadata(), { deadline }, (error, response) => (error ? reject(error) : resolve(response)));
    });
}
