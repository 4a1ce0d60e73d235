import { z } from 'zod';

// Control characters; lone surrogates (with the `u` flag a lone surrogate is its own code point,
// category Cs, a proper pair is not); U+FFFD, which is what a lone surrogate becomes once
// protobuf has encoded it as UTF-8.
const NOT_PLAIN = /[\p{Cc}\p{Cs}\uFFFD]/u;

export const PLAIN_TEXT_PROBLEM = 'must be plain text: no control characters or broken Unicode';

/** Text PostgreSQL can store and a log line can carry: well-formed Unicode without control characters. */
export function isPlainText(value: string): boolean {
  return !NOT_PLAIN.test(value);
}

/** A trimmed, non-empty, bounded line of plain text. */
export function plainTextSchema(maxLength: number) {
  return z.string().trim().min(1, 'is required').max(maxLength).refine(isPlainText, PLAIN_TEXT_PROBLEM);
}
