import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: RFC 6749 §10.10 asks for at most 2^-128 odds of guessing, and SHOULD 2^-160. */
const STATE_TOKEN_BYTES = 32;
/** 32 bytes in base64url without padding are exactly 43 characters. */
const STATE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedStateToken {
  /** Handed to the browser inside the onboarding URL; never stored. */
  token: string;
  /** What the database keeps (SHA-256, hex). */
  hash: string;
}

export function issueStateToken(): IssuedStateToken {
  const token = randomBytes(STATE_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashStateToken(token) };
}

export function hashStateToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isWellFormedStateToken(value: string): boolean {
  return STATE_TOKEN_PATTERN.test(value);
}
