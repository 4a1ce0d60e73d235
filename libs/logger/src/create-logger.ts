import pino from 'pino';

import { redactSecrets } from './redact-secrets';
import { CENSOR, SECRET_KEYS, isSecretKey, redactSecretsInText } from './secret-keys';
import { redactingSerializers } from './serializers';

export type Logger = pino.Logger;

export interface LoggerOptions {
  service: string;
  /** pino level name; defaults to 'info'. */
  level?: string;
  /** Where lines go; defaults to stdout. */
  destination?: pino.DestinationStream;
  /** Extra fields on every line. */
  base?: Record<string, unknown>;
}

/** JSON lines with `service` and an ISO time on each; secrets censored wherever they occur. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { ...options.base, service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: CENSOR },
      serializers: redactingSerializers,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: redactRecord,
        log: redactRecord,
      },
      hooks: { logMethod: redactMessageArguments },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A child logger whose every line carries `correlation_id` (and `extra`). */
export function withCorrelation(logger: Logger, correlationId: string, extra: object = {}): Logger {
  return logger.child({ ...extra, correlation_id: correlationId });
}

// The fixed paths censor the common places even where a caller swaps the serializers (pino-http
// does unless given ours); redactRecord then catches any depth and any letter case.
function redactPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const segment = `["${key}"]`;
    return [segment, `*${segment}`, `*.*${segment}`, `err.config.headers${segment}`];
  });
}

const serializedKeys = new Set(Object.keys(redactingSerializers));

/** Walks every field except those the serializers own (they need the raw request/response/error). */
function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (serializedKeys.has(key)) redacted[key] = value;
    else redacted[key] = isSecretKey(key) ? CENSOR : redactSecrets(value);
  }
  return redacted;
}

function redactMessageArguments(this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
  const censored = args.map((arg: unknown) => (typeof arg === 'string' ? redactSecretsInText(arg) : arg));
  method.apply(this, censored as Parameters<pino.LogFn>);
}
