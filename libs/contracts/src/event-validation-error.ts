import type { z } from 'zod';

/**
 * An event that does not match its contract. Thrown by `createEvent` (a producer bug) and
 * returned as a value by `parseEvent` (bad input from the wire). The message lists paths and
 * rules only, never the offending values, so it is safe in logs and message headers.
 */
export class EventValidationError extends Error {
  readonly code = 'EVENT.INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`invalid event: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
  }

  static fromZod(error: z.ZodError, pathPrefix: readonly PropertyKey[] = []): EventValidationError {
    return new EventValidationError(
      error.issues.map((issue) => {
        const path = [...pathPrefix, ...issue.path].map(String).join('.');
        return path ? `${path}: ${issue.message}` : issue.message;
      }),
    );
  }
}
