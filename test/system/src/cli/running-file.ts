import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SystemUrls } from '../system-urls';

/** `<dataDir>/running.json` while `npm start` is up: for scripts and tests that need the endpoints. */
export interface RunningSystem {
  pid: number;
  mode: 'embedded' | 'local';
  urls: SystemUrls;
  /** The file holding the internal API key and gRPC tokens of this system. */
  secretsFile: string;
}

const RUNNING_FILE = 'running.json';

export function writeRunningFile(dataDir: string, running: RunningSystem): () => void {
  const file = join(dataDir, RUNNING_FILE);
  writeFileSync(file, `${JSON.stringify(running, null, 2)}\n`);
  return () => rmSync(file, { force: true });
}

export function readRunningFile(dataDir: string): RunningSystem | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), 'utf8')) as RunningSystem;
  } catch {
    return undefined;
  }
}
