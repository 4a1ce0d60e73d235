import { z } from 'zod';

/** Building blocks for service config schemas; every parser reports without echoing the value. */
export const env = {
  port: (fallback?: number) => {
    const problem = 'must be a TCP port (0-65535)';
    const schema = z.coerce.number({ error: problem }).int(problem).min(0, problem).max(65535, problem);
    return fallback === undefined ? schema : schema.default(fallback);
  },

  positiveInt: (fallback: number) =>
    z.coerce.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer').default(fallback),

  url: () => z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }),

  /** A URL paths are appended to: http(s), without a query or fragment, which would end up in the middle. */
  baseUrl: () => env.url().refine((value) => !value.includes('?') && !value.includes('#'), 'must have no query or fragment'),

  postgresUrl: () =>
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),

  amqpUrl: () => z.string().regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL'),

  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .default(fallback),

  /** A comma separated list; blanks dropped. */
  list: (options: { min?: number } = {}) =>
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      )
      .refine((items) => items.length >= (options.min ?? 0), {
        message: `must list at least ${options.min ?? 0} comma separated value(s)`,
      }),

  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }).default('info'),

  /** A secret: never echoed, only its presence and minimum length are checked. */
  secret: (minLength = 1) => z.string().min(minLength, `must be at least ${minLength} characters long`),
};
