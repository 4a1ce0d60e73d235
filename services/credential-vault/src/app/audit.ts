import { outcomeOf, VaultError } from '../domain/vault-errors';
import type { AuditEntry, CallContext, VaultDependencies } from './ports';

export type VaultMethod = 'ProvisionChannelKey' | 'StoreChannelKey' | 'GetChannelCredentials' | 'DescribeChannelKey' | 'RevokeChannelKey' | 'RotateChannelKey' | 'Rewrap';

export interface AuditSubject {
  method: VaultMethod;
  tenantId?: string | undefined;
  channelId: string;
}

type AuditDeps = Pick<VaultDependencies, 'auditTrail' | 'clock' | 'logger'>;

/** An audit entry for a call, stamped now. */
export function auditEntry(deps: Pick<VaultDependencies, 'clock'>, context: CallContext, subject: AuditSubject, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    caller: context.caller,
    method: subject.method,
    tenantId: subject.tenantId || null,
    channelId: subject.channelId,
    outcome: 'OK',
    generation: null,
    detail: null,
    occurredAt: deps.clock.now(),
    ...fields,
  };
}

/**
 * Runs a read and returns its result only once its audit entry is durable: if the audit write
 * fails, the caller gets VAULT.AUDIT_UNAVAILABLE instead of the result (fail closed).
 */
export async function audited<T>(
  deps: AuditDeps,
  context: CallContext,
  subject: AuditSubject,
  work: () => Promise<T>,
  describe: (value: T) => Partial<AuditEntry>,
): Promise<T> {
  const value = await auditingFailures(deps, context, subject, work);
  try {
    await deps.auditTrail.record(auditEntry(deps, context, subject, describe(value)));
  } catch (error) {
    throw new VaultError('VAULT.AUDIT_UNAVAILABLE', 'the call could not be audited, so it was refused', { cause: error });
  }
  return value;
}

/** The call a failed validation refused; its ids only where they were valid. */
export interface RefusedRequest {
  method: VaultMethod;
  tenantId: string | undefined;
  channelId: string | undefined;
}

/** Audits a call refused before any use case ran, because its request failed validation. */
export function auditRefusedRequest(deps: AuditDeps, context: CallContext, refused: RefusedRequest, error: unknown): Promise<void> {
  return recordFailure(deps, {
    caller: context.caller,
    method: refused.method,
    tenantId: refused.tenantId ?? null,
    channelId: refused.channelId ?? null,
    outcome: outcomeOf(error),
    generation: null,
    // Validation messages name the field and the rule, never the value.
    detail: error instanceof VaultError ? error.message : null,
    occurredAt: deps.clock.now(),
  });
}

/** A call refused before its handler ran: by authentication, the allow-list, or a body that is no valid message. */
export interface RejectedCall {
  method: string;
  /** The caller once its token was valid; never the token. */
  caller: string | undefined;
  outcome: 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'VAULT.INVALID_ARGUMENT';
}

/** Audits a rejected call; a failing audit write is logged, the call is refused either way. */
export function auditRejectedCall(deps: AuditDeps, rejected: RejectedCall): Promise<void> {
  return recordFailure(deps, {
    caller: rejected.caller ?? 'unauthenticated',
    method: rejected.method,
    tenantId: null,
    channelId: null,
    outcome: rejected.outcome,
    generation: null,
    detail: null,
    occurredAt: deps.clock.now(),
  });
}

/** Runs work whose success is audited inside its own transaction; audits a failure afterwards. */
export async function auditingFailures<T>(deps: AuditDeps, context: CallContext, subject: AuditSubject, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await recordFailure(deps, auditEntry(deps, context, subject, { outcome: outcomeOf(error) }));
    throw error;
  }
}

async function recordFailure(deps: AuditDeps, entry: AuditEntry): Promise<void> {
  try {
    await deps.auditTrail.record(entry);
  } catch (error) {
    // The call failed already; its own error says more than this one.
    deps.logger.error({ err: error, method: entry.method, channel_id: entry.channelId, outcome: entry.outcome }, 'could not audit a failed call');
  }
}
