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

/** SQLSTATEs of a server that cannot take the query now: connection exceptions, shutdown, start-up, no free connection. */
const UNREACHABLE_STATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket failures on the way to the server. */
const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What pg and pg-pool throw, without a code, when the connection is lost or cannot be had in time. */
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection timeout/i;

/**
 * The database could not be reached or dropped the connection (as opposed to refusing the query):
 * the same request can succeed later, so callers answer "unavailable, retry" rather than fail.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = sqlStateOf(error);
  if (code !== undefined && (code.startsWith('08') || UNREACHABLE_STATES.has(code) || NETWORK_CODES.has(code))) return true;
  const { message, driverError } = (error ?? {}) as { message?: unknown; driverError?: { message?: unknown } };
  return [message, driverError?.message].some((text) => typeof text === 'string' && UNREACHABLE_MESSAGE.test(text));
}
