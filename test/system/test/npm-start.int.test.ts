import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { waitFor } from '@chatpilot/testing';

import { readRunningFile } from '../src/cli/running-file';
import { forEachLine, isAlive, repoRoot } from '../src/processes';


// A supervisor, or `kill <pid>`, signals npm alone, not its process group: npm passes the signal
// to its script's process, which must therefore be the system itself, not a shell around it.
describe('npm start, as a supervisor stops it', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chatpilot-npm-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops the whole system when only npm gets SIGTERM', async () => {
    const npm = spawn('npm', ['start', '--', '--data-dir', dataDir, '--free-ports'], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const up = new Promise<void>((resolve, reject) => {
      forEachLine(npm.stdout!, (line) => {
        output.push(line);
        if (line.startsWith('ChatPilot is running')) resolve();
      });
      forEachLine(npm.stderr!, (line) => output.push(line));
      npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was up:\n${output.join('\n')}`)));
    });
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    let systemPid: number | undefined;
    try {
      await up;
      systemPid = readRunningFile(dataDir)?.pid;
      expect(systemPid).toBeDefined();

      npm.kill('SIGTERM');

      await waitFor(() => !isAlive(systemPid!), { timeoutMs: 45_000, description: 'the system process gone after npm got SIGTERM' });
      await exited;
      expect(output.join('\n')).toContain('Stopped.');
    } finally {
      if (systemPid !== undefined && isAlive(systemPid)) process.kill(systemPid, 'SIGKILL');
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
  }, 180_000);
});
