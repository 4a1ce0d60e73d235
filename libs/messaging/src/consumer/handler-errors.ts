/**
 * Thrown by a handler when trying again cannot help (the event contradicts our state, a
 * referenced record will never exist...). The delivery goes to the dead-letter queue at once.
 */
export class NonRetryableError extends Error {
  readonly retryable = false;

  constructor(
    message: string,
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NonRetryableError';
  }
}

/** True for `NonRetryableError` and for any error marked `retryable: false` (e.g. a domain error). */
export function isNonRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}
