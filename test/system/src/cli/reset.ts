import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { dataDirHolder } from '../embedded/data-dir-lock';

/** Kept by `npm run reset`: local mode's secrets still decrypt what its PostgreSQL databases hold. */
export const LOCAL_MODE_FOLDER = 'local';

/** Deletes the embedded data (every PGlite database and the generated secrets); refuses while a system uses it. */
export function resetEmbeddedData(dataDir: string): string[] {
  const holder = dataDirHolder(dataDir);
  if (holder !== undefined) throw new Error(`the system running as pid ${holder} uses ${dataDir}; stop it (Ctrl-C) before resetting`);
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch {
    return [];
  }
  const removed = entries.filter((entry) => entry !== LOCAL_MODE_FOLDER);
  for (const entry of removed) rmSync(join(dataDir, entry), { recursive: true, force: true });
  return removed;
}
