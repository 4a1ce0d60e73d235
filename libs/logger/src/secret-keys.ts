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

/** Censors `secret=value` pairs (query strings included) and URL passwords inside any text. */
export function redactSecretsInText(text: string): string {
  const withoutQuerySecrets = text.includes('=') || /%3D/i.test(text) ? text.replace(secretAssignment, `$1$2${CENSOR}`) : text;
  return withoutQuerySecrets.includes('@') ? withoutQuerySecrets.replace(urlPassword, `$1${CENSOR}@`) : withoutQuerySecrets;
}
