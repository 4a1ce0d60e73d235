import { ConfigError } from '@chatpilot/config';

import { loadConfig, parseByteSize, parseDurationMs } from './config';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/webhook_ingest',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  INTERNAL_API_KEYS: 'k1,k2',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(required)).toMatchObject({
      HTTP_PORT: 8081,
      AMQP_EXCHANGE: 'chatpilot.events',
      DIALOG360_WEBHOOK_SECRET: [],
      WEBHOOK_BODY_LIMIT: 10 * 1024 * 1024,
      WEBHOOK_BUFFER_TTL: 7 * 24 * 3_600_000,
      WEBHOOK_RETRY_AFTER_SECONDS: 5,
      INTERNAL_API_KEYS: ['k1', 'k2'],
      MIGRATIONS_RUN: true,
    });
  });

  it('takes a comma separated list of webhook secrets for rotation', () => {
    expect(loadConfig({ ...required, DIALOG360_WEBHOOK_SECRET: 'old, new' }).DIALOG360_WEBHOOK_SECRET).toEqual(['old', 'new']);
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig({ DATABASE_URL: 'mysql://x', WEBHOOK_BUFFER_TTL: 'soon', WEBHOOK_BODY_LIMIT: 'big' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(
        ['AMQP_URL', 'DATABASE_URL', 'INTERNAL_API_KEYS', 'WEBHOOK_BODY_LIMIT', 'WEBHOOK_BUFFER_TTL'].sort(),
      );
    }
  });
});

describe('parseDurationMs / parseByteSize', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['90', 90_000],
    ['1.5s', 1_500],
  ])('reads %s', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it('rejects what is not a duration', () => {
    expect(parseDurationMs('7 days')).toBeUndefined();
    expect(parseDurationMs('-1s')).toBeUndefined();
  });

  it('reads sizes 1024-based, like body-parser', () => {
    expect(parseByteSize('512kb')).toBe(524_288);
    expect(parseByteSize('10MB')).toBe(10_485_760);
    expect(parseByteSize('10')).toBeUndefined();
  });
});
