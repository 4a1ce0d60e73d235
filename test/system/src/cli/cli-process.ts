import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { isAlive, repoRoot } from '../processes';
import { forEachLine } from '../processes/log-lines';
import type { SystemSecrets } from '../system-env';
import { readRunningFile, type RunningSystem } from './running-file';

/** `npm start`'s program in a process of its own, as a person runs it (tests, the e2e suite). */
export interface CliProcess extends RunningSystem {
  secrets: SystemSecrets;
  output(): string;
  /** Sends `signal` (Ctrl-C by default) and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const START_TIMEOUT_MS = 150_000;
const STOP_TIMEOUT_MS = 45_000;

/**
 * A module of this workspace, compiled (`npm test` builds first with `tsc -b`): PGlite cannot load
 * inside Jest's module sandbox, so whatever opens it runs as a plain Node program.
 */
export function compiledModule(sourcePath: string): string {
  const root = join(repoRoot(), 'test/system');
  const compiled = join(root, 'dist', `${sourcePath}.js`);
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(root, `${sourcePath}.ts`)).mtimeMs) {
    throw new Error(`${compiled} is missing or older than its source: run \`npm run build\` first`);
  }
  return compiled;
}

/**
 * Starts the CLI (`start.js`) with `--data-dir dataDir` and `args`, and resolves once it is up,
 * with the endpoints and secrets it wrote to the data directory. The caller must stop it.
 */
export async function startCliProcess(dataDir: string, args: readonly string[] = []): Promise<CliProcess> {
  const child = spawn(process.execPath, [compiledModule('src/start'), '--data-dir', dataDir, ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => lines.join('\n');
  try {
    await upAndRunning(child, lines, exited);
    const running = readRunningFile(dataDir);
    if (running === undefined || running.pid !== child.pid) throw new Error(`${dataDir}/running.json does not describe the started process`);
    const secrets = JSON.parse(readFileSync(running.secretsFile, 'utf8')) as SystemSecrets;
    return { ...running, secrets, output, stop: (signal = 'SIGINT') => stopChild(child, exited, signal) };
  } catch (error) {
    if (isAlive(child.pid!)) child.kill('SIGKILL');
    await exited;
    throw new Error(`${(error as Error).message}\n--- CLI output ---\n${output()}`, { cause: error });
  }
}

/** Resolves when the CLI printed that it is running (it writes running.json just before). */
function upAndRunning(child: ChildProcess, lines: string[], exited: Promise<number | null>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI was not up within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onLine = (line: string) => {
      lines.push(line);
      if (!line.startsWith('ChatPilot is running')) return;
      clearTimeout(timer);
      resolve();
    };
    forEachLine(child.stdout!, onLine);
    forEachLine(child.stderr!, onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited with ${code} before it was up`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the CLI did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}`)), STOP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
