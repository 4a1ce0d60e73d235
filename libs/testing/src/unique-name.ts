import { randomBytes } from 'node:crypto';

/** `<prefix>_<label>_<random>` with only [a-z0-9_] and at most `maxLength` characters. */
export function uniqueName(prefix: string, label: string | undefined, maxLength: number): string {
  const random = randomBytes(5).toString('hex');
  const safeLabel = (label ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const room = maxLength - prefix.length - random.length - 2;
  const trimmedLabel = safeLabel.slice(0, Math.max(0, room)).replace(/_+$/, '');
  return [prefix, trimmedLabel, random].filter((part) => part.length > 0).join('_');
}
