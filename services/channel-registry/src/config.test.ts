import { ConfigError } from '@chatpilot/config';
import { hashToken } from '@chatpilot/grpc';

import { loadConfig } from './config';

const ONBOARDING_HASH = hashToken('onboarding-token');

const minimal = {
  DATABASE_URL: 'postgres://localhost/registry',
  AMQP_URL: 'amqp://localhost',
  INTERNAL_API_KEYS: 'key-1',
  REGISTRY_CALLERS: `onboarding:${ONBOARDING_HASH}`,
  DIALOG360_PARTNER_ID: 'abcPA',
  DIALOG360_PARTNER_API_KEY: 'partner-key',
};

function problemsOf(variables: Record<string, string>): string[] {
  try {
    loadConfig(variables);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8082,
      GRPC_HOST: '0.0.0.0',
      GRPC_PORT: 50052,
      AMQP_EXCHANGE: 'chatpilot.events',
      MIGRATIONS_RUN: true,
      REGISTRY_CALLERS: [{ caller: 'onboarding', tokenSha256: ONBOARDING_HASH }],
      REGISTRY_ALLOW_LINK_CHANNELS: ['onboarding'],
      REGISTRY_ALLOW_MARK_REVOKED: ['onboarding'],
      DIALOG360_PARTNER_API_URL: 'https://hub.360dialog.io/api/v2',
      RECONCILER_ENABLED: true,
      RECONCILER_NOT_RUNNING_AFTER_SECONDS: 120,
      RECONCILER_REQUESTS_PER_SECOND: 2,
    });
  });

  it('binds HTTP where HTTP_HOST says, as gRPC binds GRPC_HOST', () => {
    expect(loadConfig({ ...minimal, HTTP_HOST: '127.0.0.1' }).HTTP_HOST).toBe('127.0.0.1');
  });

  it('accepts fractions of a second for the reconciler timings', () => {
    expect(loadConfig({ ...minimal, RECONCILER_INTERVAL_SECONDS: '0.2' }).RECONCILER_INTERVAL_SECONDS).toBe(0.2);
  });

  it('rejects caller entries that are not name:sha256hex, without echoing them', () => {
    expect(problemsOf({ ...minimal, REGISTRY_CALLERS: 'onboarding:plain-token' })).toEqual(['REGISTRY_CALLERS.0']);
  });

  it('needs all three TLS files or none', () => {
    expect(problemsOf({ ...minimal, GRPC_TLS_CERT_FILE: '/tls/cert.pem' }).sort()).toEqual(['GRPC_TLS_CA_FILE', 'GRPC_TLS_KEY_FILE']);
  });

  it('needs the partner id and a credential while the reconciler is on, and not when it is off', () => {
    const { DIALOG360_PARTNER_ID: _id, DIALOG360_PARTNER_API_KEY: _key, ...withoutPartner } = minimal;
    expect(problemsOf(withoutPartner).sort()).toEqual(['DIALOG360_PARTNER_API_KEY', 'DIALOG360_PARTNER_ID']);
    expect(problemsOf({ ...withoutPartner, RECONCILER_ENABLED: 'false' })).toEqual([]);
    expect(problemsOf({ ...withoutPartner, DIALOG360_PARTNER_ID: 'abcPA', DIALOG360_PARTNER_TOKEN: 'bearer' })).toEqual([]);
  });

  it('names those together with every other problem in one go', () => {
    const { DIALOG360_PARTNER_ID: _id, DIALOG360_PARTNER_API_KEY: _key, DATABASE_URL: _url, ...rest } = minimal;
    expect(problemsOf({ ...rest, HTTP_PORT: 'abc' }).sort()).toEqual(['DATABASE_URL', 'DIALOG360_PARTNER_API_KEY', 'DIALOG360_PARTNER_ID', 'HTTP_PORT']);
    expect(problemsOf({ ...rest, RECONCILER_ENABLED: 'perhaps' }).sort()).toEqual(['DATABASE_URL', 'RECONCILER_ENABLED']);
  });
});
