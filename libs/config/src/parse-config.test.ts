import { z } from 'zod';
import { ConfigError, env, parseConfig } from './index';

const schema = z.object({
  DATABASE_URL: env.postgresUrl(),
  AMQP_URL: env.amqpUrl(),
  HTTP_PORT: env.port(8080),
  PUBLIC_BASE_URL: env.url(),
  INTERNAL_API_KEYS: env.list({ min: 1 }),
  DIALOG360_WEBHOOK_SECRET: env.secret(16),
  MIGRATIONS_RUN: env.boolean(true),
  LOG_LEVEL: env.logLevel(),
});

function problemsOf(run: () => unknown): ConfigError['problems'] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = parseConfig('svc', schema, {
      DATABASE_URL: 'postgres://localhost/x',
      AMQP_URL: 'amqp://localhost',
      PUBLIC_BASE_URL: 'https://example.test',
      INTERNAL_API_KEYS: 'a, b,,',
      DIALOG360_WEBHOOK_SECRET: 'sixteen-chars-ok',
    });
    expect(config).toEqual({
      DATABASE_URL: 'postgres://localhost/x',
      AMQP_URL: 'amqp://localhost',
      HTTP_PORT: 8080,
      PUBLIC_BASE_URL: 'https://example.test',
      INTERNAL_API_KEYS: ['a', 'b'],
      DIALOG360_WEBHOOK_SECRET: 'sixteen-chars-ok',
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing or invalid variable in one error', () => {
    const problems = problemsOf(() =>
      parseConfig('svc', schema, {
        DATABASE_URL: 'mysql://nope',
        HTTP_PORT: '70000',
        PUBLIC_BASE_URL: 'not a url',
        INTERNAL_API_KEYS: ' , ',
        DIALOG360_WEBHOOK_SECRET: 'short',
        MIGRATIONS_RUN: 'maybe',
        LOG_LEVEL: 'loud',
      }),
    );
    expect(problems.map((p) => p.variable).sort()).toEqual(
      [
        'AMQP_URL',
        'DATABASE_URL',
        'DIALOG360_WEBHOOK_SECRET',
        'HTTP_PORT',
        'INTERNAL_API_KEYS',
        'LOG_LEVEL',
        'MIGRATIONS_RUN',
        'PUBLIC_BASE_URL',
      ].sort(),
    );
    expect(problems.find((p) => p.variable === 'AMQP_URL')?.problem).toBe('is required but not set');
  });

  it('treats empty strings as unset', () => {
    const problems = problemsOf(() => parseConfig('svc', z.object({ AMQP_URL: env.amqpUrl() }), { AMQP_URL: '  ' }));
    expect(problems).toEqual([{ variable: 'AMQP_URL', problem: 'is required but not set' }]);
  });

  it('says "is required but not set" for an unset variable whose schema has a message of its own', () => {
    const problems = problemsOf(() => parseConfig('svc', z.object({ PUBLIC_BASE_URL: env.url() }), {}));
    expect(problems).toEqual([{ variable: 'PUBLIC_BASE_URL', problem: 'is required but not set' }]);
  });

  it('names what a number must be, not what zod received', () => {
    const problems = problemsOf(() => parseConfig('svc', z.object({ HTTP_PORT: env.port(), BATCH: env.positiveInt(5) }), { HTTP_PORT: 'abc', BATCH: 'x' }));
    expect(problems).toEqual([
      { variable: 'HTTP_PORT', problem: 'must be a TCP port (0-65535)' },
      { variable: 'BATCH', problem: 'must be a positive integer' },
    ]);
  });

  it('never prints the value of a bad variable', () => {
    const secretValue = 'super-secret-value-that-is-wrong';
    let message = '';
    try {
      parseConfig('svc', z.object({ SECRET_URL: env.url(), PORT: env.port() }), { SECRET_URL: secretValue, PORT: secretValue });
    } catch (error) {
      message = (error as Error).message + JSON.stringify(error);
    }
    expect(message).toContain('SECRET_URL');
    expect(message).toContain('PORT');
    expect(message).not.toContain(secretValue);
  });
});
