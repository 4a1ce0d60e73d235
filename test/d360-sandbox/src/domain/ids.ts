import { randomBytes } from 'node:crypto';

/** Returns n uniformly random bytes; injectable so id formats can be unit tested deterministically. */
export type RandomBytes = (n: number) => Buffer;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Ids shaped like 360dialog's: short base62 strings with a two-letter type suffix (partner ids
 * end in `PA` per the docs; `CL`, `CH` and `AK` for clients, channels and keys are an
 * assumption by analogy), numeric Meta ids, and `wamid.` message ids.
 */
export interface IdGenerator {
  clientId(): string;
  channelId(): string;
  apiKey(): string;
  apiKeyId(): string;
  appId(): string;
  wabaId(): string;
  phoneNumberId(): string;
  eventId(): string;
  wamid(): string;
  accessToken(): string;
  secret(): string;
}

export function createIdGenerator(random: RandomBytes = randomBytes): IdGenerator {
  const base62 = (length: number): string => {
    // 62 * 4 = 248: bytes at or above it are skipped so every character is equally likely.
    let out = '';
    while (out.length < length) {
      for (const byte of random(length * 2)) {
        if (byte < 248 && out.length < length) out += BASE62[byte % 62];
      }
    }
    return out;
  };
  const digits = (length: number): string => {
    let out = String(1 + (random(1)[0]! % 9));
    while (out.length < length) {
      for (const byte of random(length)) {
        if (byte < 250 && out.length < length) out += String(byte % 10);
      }
    }
    return out;
  };
  const uuid = (): string => {
    const hex = Buffer.from(random(16)).toString('hex').split('');
    hex[12] = '4';
    hex[16] = '89ab'[parseInt(hex[16]!, 16) % 4]!;
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return {
    clientId: () => `${base62(6)}CL`,
    channelId: () => `${base62(6)}CH`,
    apiKey: () => `${base62(24)}AK`,
    apiKeyId: () => digits(6),
    appId: () => digits(6),
    wabaId: () => digits(15),
    phoneNumberId: () => digits(15),
    eventId: uuid,
    wamid: () => `wamid.${random(30).toString('base64url')}`,
    accessToken: () => random(32).toString('base64url'),
    secret: () => random(24).toString('base64url'),
  };
}
