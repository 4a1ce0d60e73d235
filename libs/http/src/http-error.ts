/** An expected failure a route throws; the error mapper answers with exactly this status, code and message. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Safe, client-facing specifics (e.g. which fields failed validation); sent as `error.details`. */
    readonly details?: unknown,
  ) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be a 4xx or 5xx code, got ${status}`);
    }
  }
}
