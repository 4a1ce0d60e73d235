import { createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '@chatpilot/config';
import { loadAdminConfig, loadConfig } from './config';
import { deriveKeyId } from './domain/encryption-key';

const currentKey = randomBytes(32);
const previousKey = randomBytes(32);
const validEnv = {
  DATABASE_URL: 'postgres://vault@db:5432/credential_vault',
  AMQP_URL: 'amqp://guest:guest@mq:5672',
  CREDENTIAL_ENCRYPTION_KEY: currentKey.toString('base64'),
  VAULT_CALLERS: `onboarding:${createHash('sha256').update('onboarding-token').digest('hex')}`,
  DIALOG360_PARTNER_ID: 'examplePA',
  DIALOG360_PARTNER_API_KEY: 'partner-api-key-value',
};

function configError(environment: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(validEnv);
    expect(config.grpc).toEqual({ host: '0.0.0.0', port: 50051, accessLogLevel: 'warn' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(config.allowedCallers).toEqual({
      ProvisionChannelKey: ['onboarding'],
      StoreChannelKey: ['admin'],
      GetChannelCredentials: ['messaging-sender'],
      DescribeChannelKey: ['onboarding', 'channel-registry', 'messaging-sender'],
      RevokeChannelKey: ['onboarding', 'channel-registry'],
    });
    expect(config.partnerApi).toMatchObject({ baseUrl: 'https://hub.360dialog.io/api/v2', partnerId: 'examplePA', auth: { apiKey: 'partner-api-key-value' } });
    expect(config.channelWebhookUrlTemplate).toBeUndefined();
  });

  it('reads the current key (hex or base64) and the previous keys', () => {
    const config = loadConfig({ ...validEnv, CREDENTIAL_ENCRYPTION_KEY: currentKey.toString('hex'), CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: previousKey.toString('base64url') });
    expect(config.encryptionKeys.current.export().equals(currentKey)).toBe(true);
    expect(config.encryptionKeys.previous.map((key) => key.export().toString('hex'))).toEqual([previousKey.toString('hex')]);
  });

  it('accepts the older variable name ONBOARDING_ENCRYPTION_KEY', () => {
    const config = loadConfig({ ...validEnv, CREDENTIAL_ENCRYPTION_KEY: undefined, ONBOARDING_ENCRYPTION_KEY: currentKey.toString('hex') });
    expect(deriveKeyId(config.encryptionKeys.current)).toBe(deriveKeyId(loadConfig(validEnv).encryptionKeys.current));
  });

  it('names a key of the wrong length without echoing it', () => {
    const shortKey = randomBytes(16).toString('hex');
    const error = configError({ ...validEnv, CREDENTIAL_ENCRYPTION_KEY: shortKey });
    expect(error.problems).toEqual([{ variable: 'CREDENTIAL_ENCRYPTION_KEY', problem: 'must be exactly 32 bytes, written as base64 or hex' }]);
    expect(error.message).not.toContain(shortKey);
  });

  it('names the bad entry of the previous keys without echoing it', () => {
    const error = configError({ ...validEnv, CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS: `${previousKey.toString('hex')},not-a-key-at-all` });
    expect(error.problems).toEqual([{ variable: 'CREDENTIAL_ENCRYPTION_KEYS_PREVIOUS', problem: 'entry 2 must be exactly 32 bytes, written as base64 or hex' }]);
    expect(error.message).not.toContain('not-a-key-at-all');
  });

  it('refuses two different keys under the two names', () => {
    const error = configError({ ...validEnv, ONBOARDING_ENCRYPTION_KEY: previousKey.toString('hex') });
    expect(error.problems.map((p) => p.variable)).toEqual(['CREDENTIAL_ENCRYPTION_KEY']);
  });

  it('lists every problem at once', () => {
    const error = configError({ VAULT_CALLERS: 'onboarding:plaintext-token', CHANNEL_WEBHOOK_URL: 'https://hooks.example/no-placeholder', GRPC_TLS_CERT_FILE: '/tls/cert.pem' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      [
        'AMQP_URL',
        'CHANNEL_WEBHOOK_URL',
        'CREDENTIAL_ENCRYPTION_KEY',
        'DATABASE_URL',
        'DIALOG360_PARTNER_API_KEY',
        'DIALOG360_PARTNER_ID',
        'GRPC_TLS_CA_FILE',
        'GRPC_TLS_KEY_FILE',
        'VAULT_CALLERS',
      ].sort(),
    );
    expect(error.message).not.toContain('plaintext-token');
  });

  it('takes per-method allow-lists from the environment', () => {
    const config = loadConfig({ ...validEnv, VAULT_ALLOW_GET_CHANNEL_CREDENTIALS: 'sender-a, sender-b' });
    expect(config.allowedCallers.GetChannelCredentials).toEqual(['sender-a', 'sender-b']);
  });
});

describe('loadAdminConfig', () => {
  it('needs only the database and the keys', () => {
    const config = loadAdminConfig({ DATABASE_URL: validEnv.DATABASE_URL, CREDENTIAL_ENCRYPTION_KEY: validEnv.CREDENTIAL_ENCRYPTION_KEY });
    expect(config.partnerApi).toBeUndefined();
    expect(config.logLevel).toBe('warn');
  });
});
