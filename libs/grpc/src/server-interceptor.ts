import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@chatpilot/logger';
import type { CallerAuthenticator } from './caller-auth';
import { HEALTH_SERVICE_PATH_PREFIX } from './health-service';

/**
 * Request metadata key under which the interceptor hands the authenticated caller to handlers.
 * Any value a client sends under this key is removed first, so it cannot be forged.
 */
const CALLER_METADATA_KEY = 'x-chatpilot-authenticated-caller';

/** The authenticated caller of a call that passed the server's auth interceptor (for audit logs). */
export function callerOf(call: { metadata: grpc.Metadata }): string {
  const caller = call.metadata.get(CALLER_METADATA_KEY)[0];
  if (typeof caller !== 'string') throw new Error('callerOf: this call was not authenticated (health probe, or a server without the auth interceptor)');
  return caller;
}

/** A call refused before its handler ran; `caller` once the token was valid (not allowed, or an undecodable body). */
export interface RejectedCall {
  methodPath: string;
  code: grpc.status.UNAUTHENTICATED | grpc.status.PERMISSION_DENIED | grpc.status.INVALID_ARGUMENT;
  caller: string | undefined;
}

/**
 * Authenticates every call except health probes, rejects with UNAUTHENTICATED/PERMISSION_DENIED
 * before the handler runs (telling `onRejected`, e.g. for an audit trail), and logs one line per
 * call (method, caller, status, duration) — never metadata values.
 */
export function createServerInterceptor(deps: {
  logger: Logger;
  authenticate: CallerAuthenticator;
  onRejected?: (rejected: RejectedCall) => void;
  /** Told of every finished call but health probes, once (e.g. for metrics). */
  onFinished?: (finished: FinishedCall) => void;
}): grpc.ServerInterceptor {
  return (method, call) => {
    const isHealthProbe = method.path.startsWith(HEALTH_SERVICE_PATH_PREFIX);
    const logOutcome = outcomeLogger(deps.logger, method.path, isHealthProbe, isHealthProbe ? undefined : deps.onFinished);
    let caller: string | undefined;

    const onReceiveMetadata: grpc.FullServerListener['onReceiveMetadata'] = (metadata, next) => {
      metadata.remove(CALLER_METADATA_KEY);
      if (isHealthProbe) return next(metadata);
      const decision = deps.authenticate(method.path, metadata, call.getAuthContext().sslPeerCertificate);
      if (!decision.ok) {
        logOutcome({ code: decision.code, caller: decision.caller, reason: decision.details });
        deps.onRejected?.({ methodPath: method.path, code: decision.code, caller: decision.caller });
        return call.sendStatus({ code: decision.code, details: decision.details });
      }
      caller = decision.caller;
      metadata.set(CALLER_METADATA_KEY, caller);
      return next(metadata);
    };

    return new grpc.ServerInterceptingCall(call, {
      start: (next) => next({ onReceiveMetadata, onCancel: () => logOutcome({ code: cancellationCode(call.getDeadline()), caller }) }),
      sendStatus: (status, next) => {
        logOutcome({ code: status.code ?? grpc.status.OK, caller });
        next(status);
      },
    });
  };
}

/** grpc-js reports both a client cancel and an expired deadline as a cancel. */
function cancellationCode(deadline: grpc.Deadline): grpc.status {
  const expiresAt = deadline instanceof Date ? deadline.getTime() : deadline;
  return Date.now() >= expiresAt ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED;
}

export interface FinishedCall {
  methodPath: string;
  code: grpc.status;
  seconds: number;
}

interface CallOutcome {
  code: grpc.status;
  caller: string | undefined;
  reason?: string;
}

/** Logs the first outcome of a call only: a cancelled call may still try to send a status. */
function outcomeLogger(logger: Logger, grpcMethod: string, isHealthProbe: boolean, onFinished?: (finished: FinishedCall) => void): (outcome: CallOutcome) => void {
  const startedAt = performance.now();
  let logged = false;
  return ({ code, caller, reason }) => {
    if (logged) return;
    logged = true;
    const elapsedMs = performance.now() - startedAt;
    onFinished?.({ methodPath: grpcMethod, code, seconds: elapsedMs / 1000 });
    const line = { grpcMethod, caller, grpcCode: grpc.status[code], durationMs: Math.round(elapsedMs) };
    if (reason !== undefined) logger.warn({ ...line, reason }, 'grpc call rejected');
    else if (isHealthProbe) logger.debug(line, 'grpc call');
    else logger.info(line, 'grpc call');
  };
}
