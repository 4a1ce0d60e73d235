import { ConfigError } from '@chatpilot/config';

import { loadConfig } from './config';

const minimal = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/onboarding',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  INTERNAL_API_KEYS: 'key-one, key-two',
  PUBLIC_BASE_URL: 'https://onboarding.chatpilot.example',
  FRONTEND_BASE_URL: 'https://app.chatpilot.example',
  CHANNEL_REGISTRY_TOKEN: 'registry-token-0123456789',
  CREDENTIAL_VAULT_TOKEN: 'vault-token-0123456789',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      INTERNAL_API_KEYS: ['key-one', 'key-two'],
      ONBOARDING_STATE_TTL_SECONDS: 1800,
      CHANNEL_REGISTRY_ADDRESS: '127.0.0.1:50052',
      CREDENTIAL_VAULT_ADDRESS: '127.0.0.1:50051',
      EVENT_RETRY_DELAYS_MS: [1000, 10000, 60000],
      MIGRATIONS_RUN: true,
      permissionPageUrl: undefined,
    });
  });

  it('fills the partner id into DIALOG360_ONBOARDING_URL', () => {
    const config = loadConfig({
      ...minimal,
      DIALOG360_ONBOARDING_URL: 'https://hub.360dialog.com/dashboard/app/{partner_id}/permissions',
      DIALOG360_PARTNER_ID: 'abcPA',
    });
    expect(config.permissionPageUrl).toBe('https://hub.360dialog.com/dashboard/app/abcPA/permissions');
  });

  it('refuses a DIALOG360_ONBOARDING_URL template whose partner id is not set, instead of starting unconfigured', () => {
    const attempt = () => loadConfig({ ...minimal, DIALOG360_ONBOARDING_URL: 'https://hub.360dialog.com/dashboard/app/{partner_id}/permissions' });
    expect(attempt).toThrow(ConfigError);
    expect(() => attempt()).toThrow(/DIALOG360_PARTNER_ID: is required while DIALOG360_ONBOARDING_URL contains \{partner_id\}/);
    expect(loadConfig({ ...minimal, DIALOG360_ONBOARDING_URL: 'https://hub.example/permissions' }).permissionPageUrl).toBe('https://hub.example/permissions');
  });

  it('names a missing partner id together with every other problem', () => {
    const attempt = () => loadConfig({ ...minimal, HTTP_PORT: 'abc', DIALOG360_ONBOARDING_URL: 'https://hub.360dialog.com/dashboard/app/{partner_id}/permissions' });
    try {
      attempt();
      throw new Error('loadConfig accepted the configuration');
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['DIALOG360_PARTNER_ID', 'HTTP_PORT']);
    }
  });

  it('lists every problem at once without echoing values', () => {
    const attempt = () => loadConfig({ ...minimal, FRONTEND_BASE_URL: 'not a url', CHANNEL_REGISTRY_TOKEN: 'short', INTERNAL_API_KEYS: undefined, EVENT_RETRY_DELAYS_MS: '10,x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const { problems, message } = error as ConfigError;
      expect(problems.map((problem) => problem.variable).sort()).toEqual(['CHANNEL_REGISTRY_TOKEN', 'EVENT_RETRY_DELAYS_MS', 'FRONTEND_BASE_URL', 'INTERNAL_API_KEYS']);
      expect(message).not.toContain('short');
    }
  });

  it('takes only plain http(s) base URLs for the redirects it builds', () => {
    for (const FRONTEND_BASE_URL of ['javascript:alert(1)', 'data:text/html,x', 'https://app.chatpilot.example/?next=1', 'https://app.chatpilot.example/#x']) {
      expect(() => loadConfig({ ...minimal, FRONTEND_BASE_URL })).toThrow(ConfigError);
    }
    expect(loadConfig({ ...minimal, FRONTEND_BASE_URL: 'http://127.0.0.1:3000' }).FRONTEND_BASE_URL).toBe('http://127.0.0.1:3000');
  });
});
