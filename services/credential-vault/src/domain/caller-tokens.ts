export interface CallerTokensParse {
  /** SHA-256 hex of each accepted bearer token → caller name. */
  callers: Map<string, string>;
  problems: string[];
}

const CALLER_NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Reads `name:<sha256 hex of its token>` pairs separated by commas. A caller may be listed
 * with several digests (token rotation); one digest may not stand for two callers. Problems
 * name the entry's position, never its content.
 */
export function parseCallerTokens(text: string): CallerTokensParse {
  const callers = new Map<string, string>();
  const problems: string[] = [];
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  entries.forEach((entry, index) => {
    const separator = entry.lastIndexOf(':');
    const name = entry.slice(0, separator);
    const digest = entry.slice(separator + 1).toLowerCase();
    if (separator < 0 || !CALLER_NAME.test(name) || !SHA256_HEX.test(digest)) {
      problems.push(`entry ${index + 1} must be <caller name>:<SHA-256 hex of its token>`);
    } else if (callers.has(digest) && callers.get(digest) !== name) {
      problems.push(`entry ${index + 1} reuses a token digest already given to another caller`);
    } else {
      callers.set(digest, name);
    }
  });
  if (entries.length === 0) problems.push('must list at least one <caller name>:<SHA-256 hex> pair');
  return { callers, problems };
}
