import * as grpc from '@grpc/grpc-js';
import type { RejectedCall } from '@chatpilot/grpc';

import { auditRejectedCall } from '../app/audit';
import type { VaultDependencies } from '../app/ports';

/** Writes every call the gRPC server refused before its handler (bad token, caller not allowed) to the audit table. */
export function auditRejectedCalls(deps: VaultDependencies): (rejected: RejectedCall) => void {
  return (rejected) => {
    const outcome = rejected.code === grpc.status.UNAUTHENTICATED ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED';
    void auditRejectedCall(deps, { method: rejected.methodPath.split('/').pop() ?? rejected.methodPath, caller: rejected.caller, outcome });
  };
}
