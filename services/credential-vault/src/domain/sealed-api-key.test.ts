import { randomBytes } from 'node:crypto';
import { decodeEncryptionKey } from './encryption-key';
import { Keyring } from './keyring';
import { openApiKey, rewrapApiKey, sealApiKey } from './sealed-api-key';
import { VaultError } from './vault-errors';

const newKey = () => decodeEncryptionKey(randomBytes(32).toString('hex'))!;
const binding = { tenantId: 'tenant-a', channelId: 'channel-1' };
const API_KEY = 'd360-channel-api-key-0123456789';

function expectVaultError(work: () => unknown, code: string): void {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught instanceof VaultError ? caught.code : caught).toBe(code);
}

/** Flips one bit of the decoded part `index` (1 key id, 2 IV, 3 ciphertext+tag) at `byte` (negative counts from the end). */
function tamper(sealed: string, index: number, byte: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  const at = byte < 0 ? bytes.length + byte : byte;
  bytes[at] = bytes[at]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('sealed API keys (AES-256-GCM)', () => {
  const keyring = Keyring.create({ current: newKey(), previous: [] });

  it('round-trips a key in the v1:<key_id>:<iv>:<ciphertext+tag> format with a 12-byte IV', () => {
    const { sealed, keyId } = sealApiKey(keyring, API_KEY, binding);

    const [version, sealedKeyId, iv, body] = sealed.split(':');
    expect([version, sealedKeyId]).toEqual(['v1', keyring.currentKeyId]);
    expect(keyId).toBe(keyring.currentKeyId);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body!, 'base64url')).toHaveLength(Buffer.byteLength(API_KEY) + 16);
    expect(sealed).not.toContain(API_KEY);
    expect(openApiKey(keyring, sealed, binding)).toBe(API_KEY);
  });

  it('uses a fresh IV every time', () => {
    const ivs = new Set(Array.from({ length: 1_000 }, () => sealApiKey(keyring, API_KEY, binding).sealed.split(':')[2]));
    expect(ivs.size).toBe(1_000);
  });

  it.each([
    ['the IV', 2, 0],
    ['the first ciphertext byte', 3, 0],
    ['the last ciphertext byte', 3, -17],
    ['the first tag byte', 3, -16],
    ['the last tag byte', 3, -1],
  ])('refuses a ciphertext whose %s was changed', (_part, index, byte) => {
    const { sealed } = sealApiKey(keyring, API_KEY, binding);
    expectVaultError(() => openApiKey(keyring, tamper(sealed, index, byte), binding), 'VAULT.DECRYPTION_FAILED');
  });

  it('refuses a truncated tag instead of accepting a shorter one', () => {
    const { sealed } = sealApiKey(keyring, API_KEY, binding);
    const parts = sealed.split(':');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, -4).toString('base64url');
    expectVaultError(() => openApiKey(keyring, parts.join(':'), binding), 'VAULT.DECRYPTION_FAILED');
  });

  it.each([
    ['another tenant', { tenantId: 'tenant-b', channelId: 'channel-1' }],
    ['another channel', { tenantId: 'tenant-a', channelId: 'channel-2' }],
    ['a shifted split of the same characters', { tenantId: 'tenant-ac', channelId: 'hannel-1' }],
    ['tenant and channel swapped', { tenantId: 'channel-1', channelId: 'tenant-a' }],
  ])('refuses a ciphertext moved to %s (AAD)', (_case, otherBinding) => {
    const { sealed } = sealApiKey(keyring, API_KEY, binding);
    expectVaultError(() => openApiKey(keyring, sealed, otherBinding), 'VAULT.DECRYPTION_FAILED');
  });

  it('refuses a ciphertext under a key id it does not hold', () => {
    const stranger = Keyring.create({ current: newKey(), previous: [] });
    const { sealed } = sealApiKey(stranger, API_KEY, binding);
    expectVaultError(() => openApiKey(keyring, sealed, binding), 'VAULT.UNKNOWN_ENCRYPTION_KEY');
  });

  it('refuses a ciphertext whose key id was replaced by a loaded one', () => {
    const other = newKey();
    const both = Keyring.create({ current: newKey(), previous: [other] });
    const { sealed } = sealApiKey(Keyring.create({ current: other, previous: [] }), API_KEY, binding);
    const relabelled = sealed.replace(/^v1:[^:]+:/, `v1:${both.currentKeyId}:`);
    expectVaultError(() => openApiKey(both, relabelled, binding), 'VAULT.DECRYPTION_FAILED');
  });

  it.each([
    ['an empty string', ''],
    ['another version', 'v2:a:b:c'],
    ['missing parts', 'v1:abc:def'],
    ['extra parts', 'v1:a:b:c:d'],
    ['a non-base64url part', 'v1:key:not*base64:AAAA'],
    ['a short IV', `v1:key:${Buffer.alloc(8).toString('base64url')}:${Buffer.alloc(32).toString('base64url')}`],
    ['a body shorter than a tag', `v1:key:${Buffer.alloc(12).toString('base64url')}:${Buffer.alloc(16).toString('base64url')}`],
  ])('calls %s malformed', (_case, sealed) => {
    expectVaultError(() => openApiKey(keyring, sealed, binding), 'VAULT.CIPHERTEXT_MALFORMED');
  });
});

describe('key rotation', () => {
  const oldKey = newKey();
  const before = Keyring.create({ current: oldKey, previous: [] });
  const after = Keyring.create({ current: newKey(), previous: [oldKey] });

  it('still opens ciphertexts of the previous key', () => {
    const { sealed } = sealApiKey(before, API_KEY, binding);
    expect(openApiKey(after, sealed, binding)).toBe(API_KEY);
  });

  it('seals new keys with the new current key', () => {
    const { sealed, keyId } = sealApiKey(after, API_KEY, binding);
    expect(keyId).toBe(after.currentKeyId);
    expect(keyId).not.toBe(before.currentKeyId);
    expect(sealed.split(':')[1]).toBe(after.currentKeyId);
  });

  it('rewraps an old ciphertext onto the current key without changing the plaintext', () => {
    const { sealed } = sealApiKey(before, API_KEY, binding);
    const rewrapped = rewrapApiKey(after, sealed, binding);
    expect(rewrapped.keyId).toBe(after.currentKeyId);
    expect(openApiKey(Keyring.create({ current: after.currentKey, previous: [] }), rewrapped.sealed, binding)).toBe(API_KEY);
  });

  it('leaves a ciphertext already on the current key as it is', () => {
    const { sealed } = sealApiKey(after, API_KEY, binding);
    expect(rewrapApiKey(after, sealed, binding).sealed).toBe(sealed);
  });

  it('lets pods of both rollouts read each other when the new key was first loaded decrypt-only', () => {
    const decryptOnly = Keyring.create({ current: oldKey, previous: [after.currentKey] });
    expect(sealApiKey(decryptOnly, API_KEY, binding).keyId).toBe(before.currentKeyId);
    expect(openApiKey(decryptOnly, sealApiKey(after, API_KEY, binding).sealed, binding)).toBe(API_KEY);
    expect(openApiKey(after, sealApiKey(decryptOnly, API_KEY, binding).sealed, binding)).toBe(API_KEY);
  });

  it('no longer opens old ciphertexts once the previous key is dropped', () => {
    const { sealed } = sealApiKey(before, API_KEY, binding);
    const retired = Keyring.create({ current: after.currentKey, previous: [] });
    expectVaultError(() => openApiKey(retired, sealed, binding), 'VAULT.UNKNOWN_ENCRYPTION_KEY');
  });
});
