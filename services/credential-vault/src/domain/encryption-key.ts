import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

export const ENCRYPTION_KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-f]{64}$/i;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/;
const KEY_ID_LABEL = 'chatpilot-vault/encryption-key-id/v1\0';
const KEY_ID_BYTES = 8;

/**
 * Reads a 32-byte AES-256 key written as hex (64 digits) or base64/base64url (43 characters,
 * optional padding). Undefined for anything else, so the caller can name the variable without
 * ever echoing its value. The bytes are wrapped in a KeyObject, which prints and serialises as `{}`.
 */
export function decodeEncryptionKey(text: string): KeyObject | undefined {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return createSecretKey(Buffer.from(trimmed, 'hex'));
  if (!BASE64_KEY.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64url');
  // Non-canonical trailing bits would mean two spellings of one key; refuse them.
  if (bytes.length !== ENCRYPTION_KEY_BYTES || bytes.toString('base64url') !== toBase64Url(trimmed)) return undefined;
  return createSecretKey(bytes);
}

/**
 * A short public name for a key: the first 8 bytes of SHA-256 over a label and the key,
 * base64url. It goes into every ciphertext, so a reader knows which key opens it; it reveals
 * nothing usable about the key.
 */
export function deriveKeyId(key: KeyObject): string {
  return createHash('sha256').update(KEY_ID_LABEL).update(key.export()).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
}

function toBase64Url(base64: string): string {
  return base64.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
}
