import { stdSerializers } from 'pino';

import { CENSOR, isSecretKey, redactSecretsInText } from './secret-keys';

const MAX_DEPTH = 10;
const TRUNCATED = '[Truncated]';
const CIRCULAR = '[Circular]';

/**
 * Returns a copy of `value` in which every property named like a secret (see SECRET_KEYS, any
 * depth, any case) is replaced by '[REDACTED]', and strings lose secret query parameters and
 * URL passwords. Errors become pino's serialized form (type, message, stack, own properties) so their
 * properties are censored too. Cycle-safe; values nested deeper than 10 levels are truncated.
 */
export function redactSecrets(value: string): string;
export function redactSecrets(value: unknown): unknown;
export function redactSecrets(value: unknown): unknown {
  return walk(value, 0, new Set());
}

function walk(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactSecretsInText(value);
  if (typeof value !== 'object' || value === null || isOpaque(value)) return value;
  if (ancestors.has(value)) return CIRCULAR;
  if (depth >= MAX_DEPTH) return TRUNCATED;

  ancestors.add(value);
  try {
    return walkObject(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function walkObject(value: object, depth: number, ancestors: Set<object>): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => walk(item, depth + 1, ancestors));
  if (value instanceof Error) return walkProperties(withoutQuotedValues(stdSerializers.err(value), true), depth, ancestors);
  if (hasToJSON(value)) return walk(value.toJSON(), depth, ancestors);
  return walkProperties(withoutQuotedValues(value, false), depth, ancestors);
}

function walkProperties(value: object, depth: number, ancestors: Set<object>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, nested] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? CENSOR : walk(nested, depth + 1, ancestors);
  }
  return copy;
}

/**
 * A failed query's error (TypeORM's QueryFailedError, and the driver's error it wraps) carries the
 * values bound to it: a batch of webhook bodies with customers' messages, a prefill's phone
 * number and e-mail. Only their count is logged; the SQL text (placeholders, no values) stays.
 * PostgreSQL's `where` and `detail` quote the values too (the JSON it could not store, the key
 * that already exists), so a database error keeps its code, table, column and constraint only.
 */
function withoutQuotedValues(serialized: object, isError: boolean): object {
  const { parameters, where, detail, severity, query } = serialized as Record<string, unknown>;
  // pino has already turned an error's nested errors (TypeORM's driverError) into plain objects.
  const fromDatabase = typeof severity === 'string' || typeof query === 'string';
  if (!isError && !fromDatabase) return serialized;
  const copy: Record<string, unknown> = { ...serialized };
  if (parameters !== undefined) copy.parameters = `[${Array.isArray(parameters) ? parameters.length : 1} bound parameter(s) omitted]`;
  if (fromDatabase && where !== undefined) copy.where = QUOTES_VALUES;
  if (fromDatabase && detail !== undefined) copy.detail = QUOTES_VALUES;
  return copy;
}

const QUOTES_VALUES = '[omitted: may quote stored values]';

/** Values that cannot hold a named secret and are cheaper left to JSON.stringify. */
function isOpaque(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp;
}

function hasToJSON(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
