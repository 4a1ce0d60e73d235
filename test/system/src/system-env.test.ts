import { createHash } from 'node:crypto';

import { databaseUrlsFor, DEFAULT_PORTS, generateSecrets, PROCESS_NAMES, SERVICE_NAMES, systemEnv, type SystemEnvOptions } from './system-env';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function options(overrides: Partial<SystemEnvOptions> = {}): SystemEnvOptions {
  return {
    ports: DEFAULT_PORTS,
    databaseUrls: databaseUrlsFor('postgres://postgres@127.0.0.1:5432/postgres', 'chatpilot'),
    amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
    secrets: generateSecrets(),
    frontendBaseUrl: 'http://127.0.0.1:3000',
    ...overrides,
  };
}

describe('systemEnv', () => {
  it('gives each service its own database, named after it', () => {
    const env = systemEnv(options());
    expect(SERVICE_NAMES.map((service) => env[service].DATABASE_URL)).toEqual([
      'postgres://postgres@127.0.0.1:5432/chatpilot_webhook_ingest',
      'postgres://postgres@127.0.0.1:5432/chatpilot_channel_registry',
      'postgres://postgres@127.0.0.1:5432/chatpilot_credential_vault',
      'postgres://postgres@127.0.0.1:5432/chatpilot_onboarding',
    ]);
  });

  it('hands each gRPC client its token and each server only the SHA-256 of the tokens it accepts', () => {
    const { secrets, ...rest } = options();
    const env = systemEnv({ ...rest, secrets });
    expect(env.onboarding).toMatchObject({ CHANNEL_REGISTRY_TOKEN: secrets.tokens.onboardingToRegistry, CREDENTIAL_VAULT_TOKEN: secrets.tokens.onboardingToVault });
    expect(env['channel-registry'].REGISTRY_CALLERS).toBe(
      `onboarding:${sha256(secrets.tokens.onboardingToRegistry)},messaging-sender:${sha256(secrets.tokens.messagingSenderToRegistry)}`,
    );
    expect(env['credential-vault'].VAULT_CALLERS).toBe(`onboarding:${sha256(secrets.tokens.onboardingToVault)},messaging-sender:${sha256(secrets.tokens.messagingSenderToVault)}`);
    const everythingButTheVault = PROCESS_NAMES.filter((name) => name !== 'credential-vault').map((name) => JSON.stringify(env[name]));
    for (const text of everythingButTheVault) expect(text).not.toContain(secrets.encryptionKey);
  });

  it('points the services and the sandbox at each other', () => {
    const env = systemEnv(options());
    expect(env['d360-sandbox']).toMatchObject({ SANDBOX_PORT: '4360', SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:8081/webhooks/360dialog' });
    expect(env['d360-sandbox'].SANDBOX_PLATFORM_SECRET).toBe(env['webhook-ingest'].DIALOG360_WEBHOOK_SECRET);
    expect(env.onboarding).toMatchObject({
      PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
      FRONTEND_BASE_URL: 'http://127.0.0.1:3000',
      DIALOG360_ONBOARDING_URL: 'http://127.0.0.1:4360/dashboard/app/{partner_id}/permissions',
      CHANNEL_REGISTRY_ADDRESS: '127.0.0.1:50052',
      CREDENTIAL_VAULT_ADDRESS: '127.0.0.1:50051',
    });
    expect(env['credential-vault']).toMatchObject({
      DIALOG360_PARTNER_API_URL: 'http://127.0.0.1:4360/api/v2',
      CHANNEL_WEBHOOK_URL: 'http://127.0.0.1:8081/webhooks/360dialog/channels/{channel_id}',
    });
  });

  it('names consumers under a prefix when given one, and lets extra variables win', () => {
    const env = systemEnv(options({ exchange: 't.x.events', consumerPrefix: 't.x', extra: { onboarding: { LOG_LEVEL: 'debug' } } }));
    expect(env.onboarding).toMatchObject({ AMQP_EXCHANGE: 't.x.events', EVENT_CONSUMER_NAME: 't.x.onboarding', LOG_LEVEL: 'debug' });
    expect(env['webhook-ingest'].EVENT_CONSUMER_NAME).toBe('t.x.webhook-ingest');
    expect(systemEnv(options()).onboarding.EVENT_CONSUMER_NAME).toBeUndefined();
  });
});
