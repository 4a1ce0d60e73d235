import * as grpc from '@grpc/grpc-js';

import { callerOf, type RejectedCall } from './server-interceptor';
import { wrapUnaryHandlers } from './unary-handlers';

const UNDECODABLE: unique symbol = Symbol('undecodable request');

/**
 * grpc-js answers a request body it cannot decode with INTERNAL, before any handler or
 * interceptor hook sees it, so a client's malformed message looks like a fault of ours and leaves
 * no trace but a cancelled call. Here such a body decodes to a marker instead, and the unary
 * method answers INVALID_ARGUMENT without running its handler, telling `onRejected` (the vault
 * audits it). Streaming methods keep grpc-js's behaviour.
 */
export function answerUndecodableAsInvalid(
  definition: grpc.ServiceDefinition,
  implementation: grpc.UntypedServiceImplementation,
  onRejected: ((rejected: RejectedCall) => void) | undefined,
): { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation } {
  const tolerantDefinition: Record<string, grpc.MethodDefinition<unknown, unknown>> = { ...definition };
  for (const [name, method] of Object.entries(definition)) {
    if (method.requestStream || method.responseStream) continue;
    tolerantDefinition[name] = { ...method, requestDeserialize: tolerantDecoder(method.requestDeserialize) };
  }
  const tolerantImplementation = wrapUnaryHandlers(definition, implementation, (unary, method) => (call, callback) => {
    if (call.request !== UNDECODABLE) return unary(call, callback);
    onRejected?.({ methodPath: method.path, code: grpc.status.INVALID_ARGUMENT, caller: callerOf(call) });
    return callback({ code: grpc.status.INVALID_ARGUMENT, details: `REQUEST.INVALID: the request is not a valid ${method.path} message` });
  });
  return { definition: tolerantDefinition, implementation: tolerantImplementation };
}

function tolerantDecoder(decode: grpc.deserialize<unknown>): grpc.deserialize<unknown> {
  return (bytes) => {
    try {
      return decode(bytes);
    } catch {
      return UNDECODABLE;
    }
  };
}
