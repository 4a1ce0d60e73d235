import { spawn, type ChildProcess } from 'node:child_process';

import type { ProcessEnv, ProcessName } from '../system-env';
import { createLogTail, forEachLine, type LogSink } from './log-lines';
import { killGroup, type ProcessTracker } from './process-tracker';
import { waitUntilReady, type ReadinessProbe } from './readiness';
import { orphanGuardPath } from './repo-paths';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One service (or the sandbox) running as its own Node process. */
export interface ManagedProcess {
  readonly name: ProcessName;
  /** The running child's pid; undefined when not running. */
  pid(): number | undefined;
  isRunning(): boolean;
  /** Spawns the process and resolves once it is ready; rejects (and kills it) when it dies or never gets ready. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL to its process group after the grace period. */
  stop(): Promise<ProcessExit | undefined>;
  /** Sends `signal` (default SIGKILL: a crash) to the process group and resolves once it exited. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit | undefined>;
  restart(): Promise<void>;
  /** The last lines it wrote, newest last. */
  recentLogs(): string[];
}

export interface ManagedProcessOptions {
  name: ProcessName;
  entryPoint: string;
  env: ProcessEnv;
  cwd: string;
  probes: readonly ReadinessProbe[];
  tracker: ProcessTracker;
  logSink: LogSink;
  readyTimeoutMs?: number;
  stopGraceMs?: number;
  /** Options for Node itself, before the entry point (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: readonly string[];
}

interface Running {
  child: ChildProcess;
  exited: Promise<ProcessExit>;
}

const LOG_TAIL_LINES = 40;
/** The child sees only this much of the launcher's environment, so a shell's variables cannot leak into a service. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'TZ', 'LANG'] as const;

export function createManagedProcess(options: ManagedProcessOptions): ManagedProcess {
  const tail = createLogTail(LOG_TAIL_LINES);
  let running: Running | undefined;

  const start = async (): Promise<void> => {
    if (running) throw new Error(`${options.name} is already running`);
    const current = spawnChild(options, (line) => tail.push(line));
    running = current;
    void current.exited.then(() => {
      if (running === current) running = undefined;
    });
    const gaveUp = current.exited.then((exit) => `${options.name} exited (${describeExit(exit)}) before it was ready`);
    try {
      await waitUntilReady(options.probes, { timeoutMs: options.readyTimeoutMs ?? 60_000, gaveUp });
    } catch (error) {
      await signalAndWait(current, 'SIGKILL');
      const logs = tail.lines().join('\n');
      throw new Error(`${options.name} did not start: ${(error as Error).message}\n--- last lines ---\n${logs}`, { cause: error });
    }
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => (running ? signalAndWait(running, signal) : undefined);

  const stop = async (): Promise<ProcessExit | undefined> => {
    const current = running;
    if (!current) return undefined;
    killGroup(current.child.pid!, 'SIGTERM');
    const grace = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.stopGraceMs ?? 10_000).unref());
    return (await Promise.race([current.exited, grace])) ?? signalAndWait(current, 'SIGKILL');
  };

  return {
    name: options.name,
    pid: () => running?.child.pid,
    isRunning: () => running !== undefined,
    start,
    stop,
    kill,
    restart: async () => {
      await stop();
      await start();
    },
    recentLogs: () => tail.lines(),
  };
}

function spawnChild(options: ManagedProcessOptions, remember: (line: string) => void): Running {
  const inherited = Object.fromEntries(INHERITED_VARIABLES.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
  // detached: the child leads its own process group, so one signal reaches anything it might spawn.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--require', orphanGuardPath(), options.entryPoint], {
    cwd: options.cwd,
    env: { ...inherited, ...options.env },
    // stdin stays open and unused: its end tells the child the launcher is gone (orphan-guard).
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  if (child.pid !== undefined) {
    const pid = child.pid;
    options.tracker.add(pid);
    void exited.then(() => options.tracker.remove(pid));
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    forEachLine(child[stream]!, (line) => {
      remember(line);
      options.logSink(options.name, line, stream);
    });
  }
  return { child, exited };
}

async function signalAndWait(running: Running, signal: NodeJS.Signals): Promise<ProcessExit> {
  if (running.child.pid !== undefined) killGroup(running.child.pid, signal);
  return running.exited;
}

function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}
