import * as grpc from '@grpc/grpc-js';
import { grpcStatusOf } from '@chatpilot/grpc';
import { CircuitOpenError } from '@chatpilot/resilience';

import { DependencyUnavailableError } from '../app/ports';

/**
 * Answers that mean "not now" rather than "no": the step is retried later. UNAUTHENTICATED and
 * PERMISSION_DENIED are misconfigured tokens or allow-lists — waiting until an operator fixes
 * them beats failing every session in the meantime.
 */
const NOT_NOW: ReadonlySet<grpc.status> = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.CANCELLED,
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
]);

/** The one mapping from gRPC call failures to what the saga understands. */
export function asDependencyFailure(dependency: string, error: unknown): unknown {
  if (error instanceof CircuitOpenError) return new DependencyUnavailableError(dependency, `${dependency}: circuit breaker open`, { cause: error });
  const status = grpcStatusOf(error);
  if (status !== undefined && NOT_NOW.has(status)) {
    return new DependencyUnavailableError(dependency, `${dependency} answered ${grpc.status[status]}`, { cause: error });
  }
  return error;
}

export function statusOf(error: unknown): grpc.status | undefined {
  return grpcStatusOf(error);
}

/** The vault and the registry put their stable error code first in `details` (`VAULT.X: …`). */
export function detailsCodeOf(error: unknown): string | undefined {
  const details = (error as { details?: unknown } | null)?.details;
  return typeof details === 'string' ? details.split(':', 1)[0] : undefined;
}
