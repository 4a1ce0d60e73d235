import type { Logger } from '@chatpilot/logger';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Routes TypeORM's own messages into our logger. Successful queries are never logged, and failed
 * ones without their parameters, which may hold secrets or personal data.
 */
export function typeOrmLoggerFor(logger: Logger): TypeOrmLogger {
  return {
    logQuery: () => undefined,
    logQueryError: (error, query) => {
      logger.error({ err: toError(error), query }, 'database query failed');
    },
    logQuerySlow: (durationMs, query) => {
      logger.warn({ durationMs, query }, 'slow database query');
    },
    logSchemaBuild: (message) => {
      logger.debug({ typeorm: message }, 'schema build');
    },
    // runMigrations logs the progress that matters; TypeORM's step-by-step narration is detail.
    logMigration: (message) => {
      logger.debug({ typeorm: message }, 'migration step');
    },
    log: (level, message: unknown) => {
      const event = { typeorm: String(message) };
      if (level === 'warn') logger.warn(event, 'typeorm warning');
      else logger.debug(event, 'typeorm message');
    },
  };
}

function toError(error: string | Error): Error {
  return typeof error === 'string' ? new Error(error) : error;
}
