export { createLogger, withCorrelation } from './create-logger';
export type { Logger, LoggerOptions } from './create-logger';
export { redactSecrets } from './redact-secrets';
export { CENSOR, SECRET_KEYS, redactSecretsInText } from './secret-keys';
export { redactingSerializers } from './serializers';
