import type { Env } from '@chatpilot/config';

/** A docker compose env file: KEY=VALUE lines, `#` comments, optional quotes around the value. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    if (match === null) throw new Error(`not a KEY=VALUE line: ${trimmed}`);
    values[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

const REFERENCE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$VAR` and `$$`. */
export function interpolate(text: string, variables: Env): string {
  return text.replace(REFERENCE, (whole, braced?: string, colon?: string, operator?: string, operand?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = variables[name];
    const missing = colon === ':' ? value === undefined || value === '' : value === undefined;
    if (!missing) return value!;
    if (operator === '-') return operand ?? '';
    if (operator === '?') throw new Error(`${name}: ${operand || 'required'}`);
    return '';
  });
}

/** Variable names a text refers to, with whether it gives a default. */
export function referencedVariables(text: string): Array<{ name: string; hasDefault: boolean }> {
  return [...text.matchAll(REFERENCE)].filter((match) => match[0] !== '$$').map((match) => ({ name: (match[1] ?? match[5])!, hasDefault: match[3] === '-' }));
}
