/** A one-line description of anything thrown, for logs and dead-letter headers. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ` : '';
    return `${error.name}: ${prefix}${error.message}`;
  }
  return String(error);
}
