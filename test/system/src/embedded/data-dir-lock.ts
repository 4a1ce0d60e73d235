import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { isAlive } from '../processes';

const LOCK_FILE = 'system.pid';

/**
 * Claims `dataDir` for this process: PGlite databases must never be opened by two processes at
 * once. A lock left by a process that no longer exists is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  try {
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = dataDirHolder(dataDir);
    if (holder !== undefined && holder !== process.pid) {
      throw new Error(`${dataDir} is in use by another ChatPilot system (pid ${holder}); stop that one first (Ctrl-C), or pick another data directory.`, { cause: error });
    }
    writeFileSync(file, `${process.pid}\n`);
  }
  return () => {
    if (dataDirHolder(dataDir) === process.pid) rmSync(file, { force: true });
  };
}

/** The pid of the live process holding `dataDir`, if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dataDir, LOCK_FILE), 'utf8'), 10);
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}
