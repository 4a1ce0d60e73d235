import { randomBytes } from 'node:crypto';
import { decodeEncryptionKey, deriveKeyId } from './encryption-key';
import { Keyring } from './keyring';

describe('decodeEncryptionKey', () => {
  const bytes = randomBytes(32);

  it.each([
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64 with padding', bytes.toString('base64')],
    ['base64url without padding', bytes.toString('base64url')],
    ['base64 with surrounding whitespace', ` ${bytes.toString('base64')}\n`],
  ])('reads a 32-byte key written as %s', (_case, text) => {
    expect(decodeEncryptionKey(text)?.export().equals(bytes)).toBe(true);
  });

  it.each([
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['33 bytes of hex', randomBytes(33).toString('hex')],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['an empty string', ''],
  ])('refuses %s', (_case, text) => {
    expect(decodeEncryptionKey(text)).toBeUndefined();
  });

  it('keeps the key bytes out of its printed and serialised form', () => {
    const key = decodeEncryptionKey(bytes.toString('hex'))!;
    expect(JSON.stringify({ key })).not.toContain(bytes.toString('hex'));
    expect(JSON.stringify({ key })).not.toContain(bytes.toString('base64'));
  });
});

describe('deriveKeyId', () => {
  it('is stable for a key and differs between keys', () => {
    const key = decodeEncryptionKey(randomBytes(32).toString('hex'))!;
    const sameKey = decodeEncryptionKey(key.export().toString('base64'))!;
    const other = decodeEncryptionKey(randomBytes(32).toString('hex'))!;
    expect(deriveKeyId(key)).toBe(deriveKeyId(sameKey));
    expect(deriveKeyId(key)).not.toBe(deriveKeyId(other));
    expect(deriveKeyId(key)).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });
});

describe('Keyring', () => {
  it('lists the current key first and ignores a previous key equal to it', () => {
    const current = decodeEncryptionKey(randomBytes(32).toString('hex'))!;
    const previous = decodeEncryptionKey(randomBytes(32).toString('hex'))!;
    const keyring = Keyring.create({ current, previous: [current, previous, previous] });
    expect(keyring.keyIds).toEqual([deriveKeyId(current), deriveKeyId(previous)]);
    expect(keyring.currentKeyId).toBe(deriveKeyId(current));
  });
});
