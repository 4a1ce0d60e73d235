import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resetEmbeddedData } from '../src/cli/reset';
import { repoRoot } from '../src/processes';
import { lockDataDir } from '../src/embedded/data-dir-lock';

describe('npm run reset', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chatpilot-reset-'));
    for (const service of ['onboarding', 'credential-vault']) mkdirSync(join(dataDir, service, 'base'), { recursive: true });
    writeFileSync(join(dataDir, 'secrets.json'), '{}');
    mkdirSync(join(dataDir, 'local'));
    writeFileSync(join(dataDir, 'local', 'secrets.json'), '{}');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('deletes every embedded database and the embedded secrets, and keeps local mode’s secrets', () => {
    expect(resetEmbeddedData(dataDir).sort()).toEqual(['credential-vault', 'onboarding', 'secrets.json']);
    expect(readdirSync(dataDir)).toEqual(['local']);
    expect(existsSync(join(dataDir, 'local', 'secrets.json'))).toBe(true);
  });

  it('refuses while a running system holds the data directory, and deletes nothing', () => {
    const release = lockDataDir(dataDir);
    try {
      expect(() => resetEmbeddedData(dataDir)).toThrow(`the system running as pid ${process.pid} uses ${dataDir}`);
      expect(existsSync(join(dataDir, 'onboarding'))).toBe(true);
    } finally {
      release();
    }
    expect(resetEmbeddedData(dataDir)).toContain('onboarding');
  });

  it('says that the reset failed and why, when run from the command line on a held data directory', () => {
    const release = lockDataDir(dataDir);
    try {
      const run = spawnSync(process.execPath, [join(repoRoot(), 'test/system/dist/src/start.js'), 'reset', '--data-dir', dataDir], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`npm run reset failed: the system running as pid ${process.pid} uses ${dataDir}; stop it (Ctrl-C) before resetting\n`);
    } finally {
      release();
    }
  });

  it('has nothing to do when there is no data directory', () => {
    expect(resetEmbeddedData(join(dataDir, 'missing'))).toEqual([]);
  });
});
