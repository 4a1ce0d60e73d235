import { z } from 'zod';

// With the `u` flag a lone surrogate is its own code point (category Cs); a proper pair is not.
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;

/** Text PostgreSQL can store and a log line can carry: well-formed Unicode without control characters. */
export function isPlainText(value: string): boolean {
  return !CONTROL_OR_LONE_SURROGATE.test(value);
}

/** A trimmed, non-empty, bounded line of plain text. */
export function plainTextSchema(maxLength: number) {
  return z.string().trim().min(1).max(maxLength).refine(isPlainText, 'must be plain text: no control characters or broken Unicode');
}
