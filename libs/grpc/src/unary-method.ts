import type * as grpc from '@grpc/grpc-js';

/**
 * Generated clients declare each unary method with overloads whose last one is
 * `(argument, callback) => ClientUnaryCall`; conditional types match that last overload, which is
 * how request and response types are read off a generated client interface. Server-streaming
 * methods end with `(argument, options?)` and do not match.
 */
export type UnaryMethodName<TClient> = {
  [K in keyof TClient]: TClient[K] extends (argument: infer _Request, callback: grpc.requestCallback<infer _Response>) => grpc.ClientUnaryCall ? K : never;
}[keyof TClient] &
  string;

export type UnaryRequest<TClient, K extends keyof TClient> = TClient[K] extends (
  argument: infer TRequest,
  callback: grpc.requestCallback<infer _Response>,
) => grpc.ClientUnaryCall
  ? TRequest
  : never;

export type UnaryResponse<TClient, K extends keyof TClient> = TClient[K] extends (
  argument: infer _Request,
  callback: grpc.requestCallback<infer TResponse>,
) => grpc.ClientUnaryCall
  ? TResponse
  : never;
