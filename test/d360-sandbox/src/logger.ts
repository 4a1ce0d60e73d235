/** The slice of a pino logger the sandbox uses; pass a pino instance or keep the silent default. */
export interface SandboxLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: SandboxLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
