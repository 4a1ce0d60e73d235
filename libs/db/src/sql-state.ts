/** The SQLSTATE of a PostgreSQL error, whether raised by pg or wrapped by TypeORM (`driverError`). */
export function sqlStateOf(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const sqlState = typeof code === 'string' ? code : driverError?.code;
  return typeof sqlState === 'string' ? sqlState : undefined;
}

/**
 * The data exceptions a value sent by a caller can cause: a byte sequence the encoding refuses
 * (a NUL in text), `\u0000` in jsonb, a string too long for its column, text that is not a valid
 * value of its type. Other class-22 errors (division by zero, overflow) come from values the
 * server computed, i.e. from our own bugs, and are not the caller's fault.
 */
const REFUSED_VALUE_STATES: ReadonlySet<string> = new Set(['22021', '22P05', '22001', '22P02']);

/** PostgreSQL refused a value itself: the request is at fault and retrying cannot help. */
export function isRefusedValue(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== undefined && REFUSED_VALUE_STATES.has(sqlState);
}
