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
  const logger = pino(
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
  censorChildBindings(logger);
  return logger;
}

// pino skips formatters.bindings for children; censoring their bindings here keeps redaction
// total without wildcard redact paths. Children inherit this child() through the prototype.
function censorChildBindings(logger: Logger): void {
  type ChildFn = (this: unknown, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => unknown;
  const pinoChild = logger.child as unknown as ChildFn;
  const child: ChildFn = function child(this: unknown, bindings, childOptions) {
    return pinoChild.call(this, redactRecord(bindings), childOptions);
  };
  logger.child = child as unknown as Logger['child'];
}

/** A child logger whose every line carries `correlation_id` (and `extra`). */
export function withCorrelation(logger: Logger, correlationId: string, extra: object = {}): Logger {
  return logger.child({ ...extra, correlation_id: correlationId });
}

// redactRecord below censors every field the serializers do not own; these fixed paths guard the
// serializer-owned ones (req, res, err) where a caller swaps our serializers for pino's (pino-http
// does unless given ours). No wildcards: fast-redact's `*` paths cost ~30 µs on every line.
function redactPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const segment = `["${key}"]`;
    return [`req.headers${segment}`, `res.headers${segment}`, `err${segment}`, `err.config.headers${segment}`];
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
