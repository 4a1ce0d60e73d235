export { ConfigError, parseConfig } from './parse-config';
export type { ConfigProblem, Env } from './parse-config';
export { env } from './env-schemas';
