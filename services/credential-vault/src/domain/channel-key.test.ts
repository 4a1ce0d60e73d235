import { randomBytes } from 'node:crypto';
import { issueChannelKey, lastFour, maskChannelKey, requireActiveKey, requireRotatable, requireSameTenant, revokeChannelKey } from './channel-key';
import { decodeEncryptionKey } from './encryption-key';
import { Keyring } from './keyring';
import { sealApiKey } from './sealed-api-key';
import { VaultError } from './vault-errors';

const keyring = Keyring.create({ current: decodeEncryptionKey(randomBytes(32).toString('hex'))!, previous: [] });
const binding = { tenantId: 'tenant-a', channelId: 'channel-1' };
const issued = (apiKey: string) => ({ ...binding, apiKey, sealed: sealApiKey(keyring, apiKey, binding), address: 'https://waba-v2.360dialog.io', d360KeyId: '42' });
const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-02-01T00:00:00Z');

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof VaultError ? error.code : String(error);
  }
}

describe('channel keys', () => {
  it('starts at generation 1 with no rotation', () => {
    const key = issueChannelKey(undefined, issued('first-key-abcd'), t0);
    expect(key).toMatchObject({ status: 'active', generation: 1, apiKeyLast4: 'abcd', createdAt: t0, rotatedAt: null, d360KeyId: '42', webhookUrl: null });
    expect(key.sealedKey).toMatch(/^v1:/);
  });

  it('counts generations up on rotation and keeps the creation time', () => {
    const first = issueChannelKey(undefined, issued('first-key-abcd'), t0);
    const second = issueChannelKey({ ...first, webhookUrl: 'https://hooks/1' }, issued('second-key-wxyz'), t1);
    expect(second).toMatchObject({ generation: 2, createdAt: t0, rotatedAt: t1, apiKeyLast4: 'wxyz', webhookUrl: null });
  });

  it('re-issues after a revocation as the next generation', () => {
    const revoked = revokeChannelKey(issueChannelKey(undefined, issued('first-key-abcd'), t0), 'offboarded', t1);
    expect(issueChannelKey(revoked, issued('third-key-1234'), t1)).toMatchObject({ status: 'active', generation: 2, revokedAt: null, revokeReason: null });
  });

  it('wipes the sealed key on revocation', () => {
    const revoked = revokeChannelKey(issueChannelKey(undefined, issued('first-key-abcd'), t0), 'offboarded', t1);
    expect(revoked).toMatchObject({ status: 'revoked', sealedKey: null, encryptionKeyId: null, revokedAt: t1, revokeReason: 'offboarded', apiKeyLast4: 'abcd' });
  });

  it('masks by dropping the sealed key', () => {
    expect(maskChannelKey(issueChannelKey(undefined, issued('first-key-abcd'), t0))).not.toHaveProperty('sealedKey');
  });

  it('shows no last four of a key too short to spare them', () => {
    expect(lastFour('short')).toBe('');
    expect(lastFour('longer-key')).toBe('-key');
  });

  it('rotates an active key but refuses a revoked one', () => {
    const active = issueChannelKey(undefined, issued('first-key-abcd'), t0);
    expect(codeOf(() => requireRotatable(active))).toBeUndefined();
    expect(codeOf(() => requireRotatable(revokeChannelKey(active, 'offboarded', t1)))).toBe('VAULT.REVOKED_KEY_NOT_ROTATABLE');
  });

  it('tells a missing key from a revoked one', () => {
    const active = issueChannelKey(undefined, issued('first-key-abcd'), t0);
    expect(codeOf(() => requireActiveKey(undefined, 'channel-1'))).toBe('VAULT.CHANNEL_KEY_NOT_FOUND');
    expect(codeOf(() => requireActiveKey(revokeChannelKey(active, 'x', t1), 'channel-1'))).toBe('VAULT.CHANNEL_KEY_REVOKED');
    expect(codeOf(() => requireActiveKey(active, 'channel-1'))).toBeUndefined();
  });

  it('accepts any tenant when none is named, and only the owner when one is', () => {
    const key = issueChannelKey(undefined, issued('first-key-abcd'), t0);
    expect(codeOf(() => requireSameTenant(key, undefined))).toBeUndefined();
    expect(codeOf(() => requireSameTenant(key, 'tenant-a'))).toBeUndefined();
    expect(codeOf(() => requireSameTenant(key, 'tenant-b'))).toBe('VAULT.TENANT_MISMATCH');
  });
});
