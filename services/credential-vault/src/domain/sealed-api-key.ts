import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';
import { VaultError } from './vault-errors';

/** Which channel a key belongs to; authenticated with the ciphertext so it cannot be moved to another row. */
export interface KeyBinding {
  tenantId: string;
  channelId: string;
}

export interface SealedApiKey {
  /** `v1:<key_id>:<iv>:<ciphertext+tag>`, base64url parts. */
  sealed: string;
  keyId: string;
}

const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_PURPOSE = 'chatpilot-vault/whatsapp-api-key/v1';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** AES-256-GCM with a fresh random 96-bit IV under the keyring's current key. */
export function sealApiKey(keyring: Keyring, apiKey: string, binding: KeyBinding): SealedApiKey {
  const keyId = keyring.currentKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.currentKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(binding));
  const body = Buffer.concat([cipher.update(apiKey, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { sealed: [FORMAT_VERSION, keyId, iv.toString('base64url'), body.toString('base64url')].join(':'), keyId };
}

/**
 * Decrypts a sealed key. Any change to the IV, ciphertext, tag or binding fails authentication
 * (VAULT.DECRYPTION_FAILED); an id no loaded key has is VAULT.UNKNOWN_ENCRYPTION_KEY.
 */
export function openApiKey(keyring: Keyring, sealed: string, binding: KeyBinding): string {
  const parts = parseSealed(sealed);
  const decipher = createDecipheriv(ALGORITHM, keyring.keyFor(parts.keyId), parts.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(parts.tag);
  try {
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new VaultError('VAULT.DECRYPTION_FAILED', 'the stored key failed authentication (tampered, or bound to another channel)', { cause: error });
  }
}

/** Re-encrypts under the current key; a key already on it is returned unchanged. */
export function rewrapApiKey(keyring: Keyring, sealed: string, binding: KeyBinding): SealedApiKey {
  const { keyId } = parseSealed(sealed);
  if (keyId === keyring.currentKeyId) return { sealed, keyId };
  return sealApiKey(keyring, openApiKey(keyring, sealed, binding), binding);
}

interface SealedParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split(':');
  const [version, keyId, ivText, bodyText] = parts;
  if (parts.length !== 4 || version !== FORMAT_VERSION || !keyId || !ivText || !bodyText || ![keyId, ivText, bodyText].every((part) => BASE64URL.test(part))) {
    throw malformed('expected v1:<key_id>:<iv>:<ciphertext+tag>');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES) throw malformed(`the IV must be ${IV_BYTES} bytes`);
  if (body.length <= TAG_BYTES) throw malformed('the ciphertext is shorter than its authentication tag');
  return { keyId, iv, ciphertext: body.subarray(0, body.length - TAG_BYTES), tag: body.subarray(body.length - TAG_BYTES) };
}

function malformed(problem: string): VaultError {
  return new VaultError('VAULT.CIPHERTEXT_MALFORMED', `the stored key is not a valid sealed value: ${problem}`);
}

/** JSON array encoding keeps the parts apart: ('ab','c') and ('a','bc') give different AAD. */
function associatedData(binding: KeyBinding): Buffer {
  return Buffer.from(JSON.stringify([AAD_PURPOSE, binding.tenantId, binding.channelId]), 'utf8');
}
