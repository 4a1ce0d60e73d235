/** Keys whose values never reach a log line or an error body, matched case-insensitively. */
export const SECRET_KEYS: readonly string[] = Object.freeze([
  'authorization',
  'x-internal-key',
  'x-api-key',
  'd360-api-key',
  'x-360dialog-signature',
  'api_key',
  'apikey',
  'plaintext',
  'token',
  'state',
  'password',
  'secret',
]);

export const CENSOR = '[REDACTED]';

const secretKeySet = new Set(SECRET_KEYS);

export function isSecretKey(key: string): boolean {
  return secretKeySet.has(key.toLowerCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// `?state=abc&client=1` → `?state=[REDACTED]&client=1`, also `token=abc` standing alone in text;
// the value stops at the next separator (a stray second `?` included, as 360dialog redirects
// sometimes carry one).
// Percent-encoded pairs count too (`%3Fstate%3Dabc` inside an echoed redirect_url).
const secretAssignment = new RegExp(
  `(^|[?&;,\\s]|%3F|%26)((?:${SECRET_KEYS.map(escapeRegExp).join('|')})(?:=|%3D))(?:[^&;#?%\\s"']|%(?!3F|26|23)[0-9A-F]{2})*`,
  'gi',
);

// `postgres://app:hunter2@db/x` → `postgres://app:[REDACTED]@db/x` (connection strings in error messages).
const urlPassword = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#@]+@/gi;

// A query key written with percent-escapes (`%73tate=abc` is `state=abc` to every URL parser). The
// key is one unambiguous run, checked for escapes afterwards: a pattern that placed the escape
// inside the run backtracked quadratically on a long run of escapes without any `=`.
const anyKeyAssignment = /(^|[?&;])([^=&;#?\s"']+)=((?:[^&;#?%\s"']|%(?!3F|26|23)[0-9A-F]{2})*)/gi;

// `"password":"hunter2"` in JSON quoted by a message, and the same with its quotes escaped, as
// when the JSON sits inside a string (`{\"password\":\"hunter2\"}`).
const secretKeyAlternatives = SECRET_KEYS.map(escapeRegExp).join('|');
const jsonSecret = new RegExp(String.raw`("(?:${secretKeyAlternatives})"\s*:\s*")(?:[^"\\]|\\.)*`, 'gi');
// Inside the escaped value, `\\\"` is a quote of the inner JSON and `\"` the value's end.
const escapedJsonSecret = new RegExp(String.raw`(\\"(?:${secretKeyAlternatives})\\"\s*:\s*\\")(?:[^\\]|\\\\\\[\\"]|\\\\[^\\]|\\[^"\\])*`, 'gi');

/** Censors `secret=value` pairs (query strings included), JSON `"secret":"value"` pairs and URL passwords inside any text. */
export function redactSecretsInText(text: string): string {
  let redacted = text;
  if (redacted.includes('=') || /%3D/i.test(redacted)) {
    redacted = redacted.replace(secretAssignment, `$1$2${CENSOR}`);
    if (redacted.includes('%')) {
      redacted = redacted.replace(anyKeyAssignment, (pair: string, separator: string, key: string) =>
        key.includes('%') && isSecretKey(decodedKey(key)) ? `${separator}${key}=${CENSOR}` : pair,
      );
    }
  }
  if (redacted.includes('":')) redacted = redacted.replace(jsonSecret, `$1${CENSOR}`).replace(escapedJsonSecret, `$1${CENSOR}`);
  return redacted.includes('@') ? redacted.replace(urlPassword, `$1${CENSOR}@`) : redacted;
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
