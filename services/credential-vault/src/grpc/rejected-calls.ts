import * as grpc from '@grpc/grpc-js';
import type { RejectedCall } from '@chatpilot/grpc';

import { auditRejectedCall, type RejectedCall as VaultRejection } from '../app/audit';
import type { VaultDependencies } from '../app/ports';

const OUTCOMES: Record<RejectedCall['code'], VaultRejection['outcome']> = {
  [grpc.status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [grpc.status.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [grpc.status.INVALID_ARGUMENT]: 'VAULT.INVALID_ARGUMENT',
};

/** Writes every call the gRPC server refused before its handler (bad token, caller not allowed, undecodable body) to the audit table. */
export function auditRejectedCalls(deps: VaultDependencies): (rejected: RejectedCall) => void {
  return (rejected) => {
    const outcome = OUTCOMES[rejected.code];
    void auditRejectedCall(deps, { method: rejected.methodPath.split('/').pop() ?? rejected.methodPath, caller: rejected.caller, outcome });
  };
}
