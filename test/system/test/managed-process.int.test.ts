import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, waitFor } from '@chatpilot/testing';

import { createManagedProcess, type ManagedProcessOptions } from '../src/processes/managed-process';
import { createProcessTracker, isAlive } from '../src/processes/process-tracker';
import { httpReady } from '../src/processes/readiness';
import { repoRoot } from '../src/processes/repo-paths';

/** Small Node programs standing in for a service: what the launcher does with them is what it does with the real ones. */
const PROGRAMS = {
  /** Answers /readyz once listening; on SIGTERM closes and exits 0. */
  service: `
    const server = require('node:http').createServer((req, res) => res.end('ok'));
    server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT + ' as ' + process.env.GREETING));
    process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
  /** Prints the options Node was started with, then serves like \`service\`. */
  introspective: `
    console.log('node options: ' + process.execArgv.filter((arg) => arg.startsWith('--') && arg !== '--require').join(' '));
    const server = require('node:http').createServer((req, res) => res.end('ok'));
    server.listen(Number(process.env.PORT), '127.0.0.1');
    process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
  /** Fails at start-up like a service with a bad configuration. */
  crashing: `console.error('DATABASE_URL is required but not set'); process.exit(1);`,
  /** Ignores SIGTERM: only SIGKILL ends it. */
  stubborn: `
    require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
    process.on('SIGTERM', () => console.log('ignoring SIGTERM'));`,
  /** A launcher (the compiled one) that starts service.js, prints the child's pid and waits to be killed. */
  launcher: `
    const { join } = require('node:path');
    const dist = join(process.env.REPO_ROOT, 'test/system/dist/src/processes');
    const { createManagedProcess } = require(join(dist, 'managed-process.js'));
    const { createProcessTracker } = require(join(dist, 'process-tracker.js'));
    const { httpReady } = require(join(dist, 'readiness.js'));
    const child = createManagedProcess({
      name: 'onboarding', entryPoint: join(__dirname, 'service.js'), env: { PORT: process.env.PORT }, cwd: __dirname,
      probes: [httpReady('http://127.0.0.1:' + process.env.PORT + '/')], tracker: createProcessTracker(), logSink: () => undefined,
    });
    child.start().then(() => console.log(String(child.pid())));`,
};

describe('a managed process (one service as a child process)', () => {
  let folder: string;
  const tracker = createProcessTracker();

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'managed-process-'));
    for (const [name, source] of Object.entries(PROGRAMS)) writeFileSync(join(folder, `${name}.js`), source);
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    expect(tracker.pids().filter(isAlive)).toEqual([]);
  });

  async function managed(program: keyof typeof PROGRAMS, extra: Partial<ManagedProcessOptions> = {}) {
    const port = await freePort();
    const lines: string[] = [];
    const child = createManagedProcess({
      name: 'onboarding',
      entryPoint: join(folder, `${program}.js`),
      env: { PORT: String(port), GREETING: 'hello' },
      cwd: folder,
      probes: [httpReady(`http://127.0.0.1:${port}/readyz`)],
      tracker,
      logSink: (_name, line) => lines.push(line),
      readyTimeoutMs: 20_000,
      ...extra,
    });
    return { child, lines };
  }

  it('starts with the given environment, streams its output, and stops on SIGTERM', async () => {
    const { child, lines } = await managed('service');
    await child.start();
    expect(child.isRunning()).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/^listening on \d+ as hello$/)]);
    const pid = child.pid()!;
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    expect(isAlive(pid)).toBe(false);
    expect(child.isRunning()).toBe(false);
  });

  it('starts Node with the options it is given, ahead of the entry point', async () => {
    const { child, lines } = await managed('introspective', { nodeArgs: ['--no-warnings', '--stack-size=2000'] });
    await child.start();
    await child.stop();
    expect(lines).toContain('node options: --no-warnings --stack-size=2000');
  });

  it('rejects with the last lines of a process that dies before it is ready', async () => {
    const { child } = await managed('crashing');
    await expect(child.start()).rejects.toThrow(/onboarding exited \(code 1\) before it was ready[\s\S]*DATABASE_URL is required/);
    expect(child.isRunning()).toBe(false);
  });

  it('SIGKILLs a process that ignores SIGTERM once the grace period is over', async () => {
    const { child, lines } = await managed('stubborn', { stopGraceMs: 500 });
    await child.start();
    expect(await child.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(lines).toContain('ignoring SIGTERM');
  });

  it('stops the child by itself when the launcher is killed with SIGKILL (no clean-up of its own ran)', async () => {
    const port = await freePort();
    const launcher = spawn(process.execPath, [join(folder, 'launcher.js')], { env: { ...process.env, REPO_ROOT: repoRoot(), PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve) => launcher.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    expect(isAlive(childPid)).toBe(true);
    launcher.kill('SIGKILL');
    await waitFor(() => !isAlive(childPid), { description: 'the orphaned child to stop itself', timeoutMs: 15_000 });
  });

  it('restarts after a SIGKILL as a new process', async () => {
    const { child } = await managed('service');
    await child.start();
    const first = child.pid()!;
    expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    await child.start();
    expect(child.pid()).not.toBe(first);
    await child.stop();
    expect(tracker.spawnedPids()).toContain(first);
  });
});
