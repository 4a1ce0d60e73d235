/** The SQLSTATE of a PostgreSQL error, whether raised by pg or wrapped by TypeORM (`driverError`). */
export function sqlStateOf(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const sqlState = typeof code === 'string' ? code : driverError?.code;
  return typeof sqlState === 'string' ? sqlState : undefined;
}

/**
 * PostgreSQL refused a value itself (class 22, data exception: a NUL in text, `\u0000` in jsonb,
 * a number out of range): the request is at fault, retrying cannot help, and it says nothing about
 * the database's health.
 */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('22') ?? false;
}
