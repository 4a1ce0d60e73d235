import * as grpc from '@grpc/grpc-js';

/** Statuses that say the server or the network is unwell — the only ones that count against a breaker. */
const DEPENDENCY_FAILURE_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.RESOURCE_EXHAUSTED,
]);

/** The gRPC status code of an error returned by a call, or undefined for any other error. */
export function grpcStatusOf(error: unknown): grpc.status | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, metadata } = error as { code?: unknown; metadata?: unknown };
  return typeof code === 'number' && metadata instanceof grpc.Metadata ? code : undefined;
}

/**
 * True for answers that prove the server works (NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENT…);
 * errors without a gRPC status are unexpected and count as failures.
 */
export function isBusinessOutcome(error: unknown): boolean {
  const code = grpcStatusOf(error);
  return code !== undefined && !DEPENDENCY_FAILURE_CODES.has(code);
}
