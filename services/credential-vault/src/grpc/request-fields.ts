import { EXTERNAL_ID_PATTERN, isPlainText, PLAIN_TEXT_PROBLEM } from '@chatpilot/contracts';

import { VaultError } from '../domain/vault-errors';

const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 1_000;
// Ids end up in audit rows, log lines and Partner API paths: printable, no whitespace.
const ID_PATTERN = /^[\x21-\x7e]+$/;

/** A required id field: non-empty, printable ASCII without spaces, at most 200 characters. */
export function requiredId(field: string, value: string | undefined): string {
  if (!value) throw invalid(`${field} is required`);
  if (value.length > MAX_ID_LENGTH || !ID_PATTERN.test(value)) throw invalid(`${field} must be at most ${MAX_ID_LENGTH} printable characters without spaces`);
  return value;
}

/**
 * A 360dialog channel id, held to the pattern every service accepts such ids by: it names a Partner
 * API path, where `.` or `..` would resolve to another one.
 */
export function requiredChannelId(value: string | undefined): string {
  if (!value) throw invalid('channel_id is required');
  if (!EXTERNAL_ID_PATTERN.test(value)) throw invalid('channel_id must be a 360dialog channel id: up to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
  return value;
}

/** The value if it is a valid channel id, else undefined: what an audit row may name of a refused request. */
export function channelIdIfValid(value: string | undefined): string | undefined {
  return value !== undefined && EXTERNAL_ID_PATTERN.test(value) ? value : undefined;
}

/** The value if it is a valid id, else undefined: what an audit row may name of a refused request. */
export function idIfValid(value: string | undefined): string | undefined {
  return value && value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value) ? value : undefined;
}

/** An optional id field: empty means "not given". */
export function optionalId(field: string, value: string | undefined): string | undefined {
  return value ? requiredId(field, value) : undefined;
}

export function requiredText(field: string, value: string | undefined): string {
  const text = value?.trim();
  if (!text) throw invalid(`${field} is required`);
  if (text.length > MAX_TEXT_LENGTH) throw invalid(`${field} must be at most ${MAX_TEXT_LENGTH} characters`);
  if (!isPlainText(text)) throw invalid(`${field} ${PLAIN_TEXT_PROBLEM}`);
  return text;
}

/** A secret field: checked for presence and shape only; the message never includes it. */
export function requiredSecret(field: string, value: string | undefined): string {
  if (!value) throw invalid(`${field} is required`);
  if (value.length > MAX_TEXT_LENGTH || !ID_PATTERN.test(value)) throw invalid(`${field} must be printable characters without spaces`);
  return value;
}

/** An http(s) URL without user info: the address is returned to callers and put in events, so it must hold no secret. */
export function requiredHttpUrl(field: string, value: string | undefined): string {
  const text = requiredText(field, value);
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') throw invalid(`${field} must be an http(s) URL`);
  if (url.username !== '' || url.password !== '') throw invalid(`${field} must not carry a user name or password`);
  return text;
}

function invalid(message: string): VaultError {
  return new VaultError('VAULT.INVALID_ARGUMENT', message);
}
