import type * as grpc from '@grpc/grpc-js';

/**
 * The implementation with every unary method's handler replaced by `wrap(handler, method)`;
 * streaming methods and missing handlers stay as they are. A handler is looked up under the
 * method's name or, as grpc-js also does, its original (lower camel case) name.
 */
export function wrapUnaryHandlers(
  definition: grpc.ServiceDefinition,
  implementation: grpc.UntypedServiceImplementation,
  wrap: (handler: grpc.handleUnaryCall<unknown, unknown>, method: grpc.MethodDefinition<unknown, unknown>) => grpc.handleUnaryCall<unknown, unknown>,
): grpc.UntypedServiceImplementation {
  const wrapped: grpc.UntypedServiceImplementation = { ...implementation };
  for (const [definedName, method] of Object.entries(definition)) {
    const name = definedName in implementation ? definedName : (method.originalName ?? definedName);
    const handler = implementation[name];
    if (method.requestStream || method.responseStream || typeof handler !== 'function') continue;
    wrapped[name] = wrap(handler as grpc.handleUnaryCall<unknown, unknown>, method) as grpc.UntypedHandleCall;
  }
  return wrapped;
}
