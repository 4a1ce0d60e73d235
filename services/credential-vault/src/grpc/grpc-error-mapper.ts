import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@chatpilot/logger';
import { VaultError, type VaultErrorCode } from '../domain/vault-errors';

const STATUS_BY_CODE: Record<VaultErrorCode, grpc.status> = {
  'VAULT.INVALID_ARGUMENT': grpc.status.INVALID_ARGUMENT,
  'VAULT.CHANNEL_KEY_NOT_FOUND': grpc.status.NOT_FOUND,
  'VAULT.CHANNEL_KEY_REVOKED': grpc.status.FAILED_PRECONDITION,
  'VAULT.REVOKED_KEY_NOT_ROTATABLE': grpc.status.FAILED_PRECONDITION,
  'VAULT.TENANT_MISMATCH': grpc.status.PERMISSION_DENIED,
  'VAULT.PARTNER_API_REJECTED': grpc.status.FAILED_PRECONDITION,
  'VAULT.PARTNER_API_UNAVAILABLE': grpc.status.UNAVAILABLE,
  'VAULT.WEBHOOK_REGISTRATION_FAILED': grpc.status.UNAVAILABLE,
  'VAULT.AUDIT_UNAVAILABLE': grpc.status.UNAVAILABLE,
  'VAULT.STORAGE_UNAVAILABLE': grpc.status.UNAVAILABLE,
  'VAULT.SHUTTING_DOWN': grpc.status.UNAVAILABLE,
  'VAULT.CIPHERTEXT_MALFORMED': grpc.status.DATA_LOSS,
  'VAULT.DECRYPTION_FAILED': grpc.status.DATA_LOSS,
  'VAULT.UNKNOWN_ENCRYPTION_KEY': grpc.status.INTERNAL,
};

/** Errors that say something is wrong with the vault or its dependencies, worth a log line. */
const OPERATIONAL_CODES: ReadonlySet<VaultErrorCode> = new Set([
  'VAULT.PARTNER_API_UNAVAILABLE',
  'VAULT.WEBHOOK_REGISTRATION_FAILED',
  'VAULT.AUDIT_UNAVAILABLE',
  'VAULT.STORAGE_UNAVAILABLE',
  'VAULT.CIPHERTEXT_MALFORMED',
  'VAULT.DECRYPTION_FAILED',
  'VAULT.UNKNOWN_ENCRYPTION_KEY',
]);

/**
 * The one mapping from vault errors to gRPC statuses. Details carry the stable code first
 * (`VAULT.CHANNEL_KEY_NOT_FOUND: …`); an unexpected error becomes INTERNAL without its message.
 */
export function toGrpcError(error: unknown, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof VaultError) {
    // A refusal with a cause is one PostgreSQL raised: worth a line even when the caller is at fault.
    if (OPERATIONAL_CODES.has(error.code) || error.cause !== undefined) logger.warn({ err: error, code: error.code }, 'vault call failed');
    return { code: STATUS_BY_CODE[error.code], details: `${error.code}: ${error.message}` };
  }
  logger.error({ err: error }, 'vault call failed unexpectedly');
  return { code: grpc.status.INTERNAL, details: 'VAULT.INTERNAL: internal error' };
}
