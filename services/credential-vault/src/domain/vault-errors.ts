/**
 * Every expected failure of the vault, by stable code. Transports map codes to their own status
 * (grpc/grpc-error-mapper.ts); messages never contain a key, token or ciphertext.
 */
export const VAULT_ERROR_CODES = [
  'VAULT.INVALID_ARGUMENT',
  'VAULT.CHANNEL_KEY_NOT_FOUND',
  'VAULT.CHANNEL_KEY_REVOKED',
  'VAULT.REVOKED_KEY_NOT_ROTATABLE',
  'VAULT.TENANT_MISMATCH',
  'VAULT.PARTNER_API_REJECTED',
  'VAULT.PARTNER_API_UNAVAILABLE',
  'VAULT.WEBHOOK_REGISTRATION_FAILED',
  'VAULT.AUDIT_UNAVAILABLE',
  'VAULT.STORAGE_UNAVAILABLE',
  'VAULT.SHUTTING_DOWN',
  'VAULT.CIPHERTEXT_MALFORMED',
  'VAULT.UNKNOWN_ENCRYPTION_KEY',
  'VAULT.DECRYPTION_FAILED',
] as const;

export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

/** Failures that may succeed when tried again later (a dependency was down). */
const RETRYABLE_CODES: ReadonlySet<VaultErrorCode> = new Set([
  'VAULT.PARTNER_API_UNAVAILABLE',
  'VAULT.WEBHOOK_REGISTRATION_FAILED',
  'VAULT.AUDIT_UNAVAILABLE',
  'VAULT.STORAGE_UNAVAILABLE',
  'VAULT.SHUTTING_DOWN',
]);

export class VaultError extends Error {
  /** Read by the event consumer: a non-retryable failure is dead-lettered at once. */
  readonly retryable: boolean;

  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'VaultError';
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

/** The audit `outcome` of a failed operation: its code, or UNEXPECTED for a bug. */
export function outcomeOf(error: unknown): string {
  return error instanceof VaultError ? error.code : 'UNEXPECTED';
}
