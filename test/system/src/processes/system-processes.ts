import { PROCESS_NAMES, SERVICE_NAMES, systemEndpoints, systemEnv, type ProcessName, type SystemEndpoints, type SystemEnv, type SystemEnvOptions, type SystemPorts } from '../system-env';
import { prefixedConsoleSink, type LogSink } from './log-lines';
import { createManagedProcess, type ManagedProcess, type ProcessExit } from './managed-process';
import { createProcessTracker, isAlive, type ProcessTracker } from './process-tracker';
import { readinessProbesOf } from './readiness';
import { assertBuilt, entryPointOf, repoRoot } from './repo-paths';

export interface StartSystemProcessesOptions extends SystemEnvOptions {
  /** Where each output line goes; default `[name] line` on the launcher's stdout/stderr. */
  logSink?: LogSink;
  /** Per process, from spawn to ready (default 60 s). */
  readyTimeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL (default 10 s). */
  stopGraceMs?: number;
  /** Options for Node in every process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`. */
  nodeArgs?: readonly string[];
}

/** The running system: each service and the sandbox in its own Node process. */
export interface SystemProcesses {
  ports: SystemPorts;
  endpoints: SystemEndpoints;
  env: SystemEnv;
  process(name: ProcessName): ManagedProcess;
  /** SIGTERM (graceful stop) then start again on the same ports; resolves when ready. */
  restart(name: ProcessName): Promise<void>;
  /** Signals one process (default SIGKILL) and resolves once it exited; `start` it again through `process(name)` or `restart`. */
  kill(name: ProcessName, signal?: NodeJS.Signals): Promise<ProcessExit | undefined>;
  /** Every pid started so far, including the ones that exited. */
  spawnedPids(): number[];
  /** The spawned pids that still exist. */
  livePids(): number[];
  /** Stops every process, services first and the sandbox last; SIGKILL after the grace. */
  stop(): Promise<void>;
}

/**
 * Starts each service from its compiled `dist/src/main.js` (and the sandbox from its own) as a
 * separate process with the environment `systemEnv` computes, all at once, and resolves when
 * every one is ready (/readyz, gRPC health). When one fails, the others are stopped again.
 */
export async function startSystemProcesses(options: StartSystemProcessesOptions): Promise<SystemProcesses> {
  const root = repoRoot();
  assertBuilt(PROCESS_NAMES, root);
  const env = systemEnv(options);
  const endpoints = systemEndpoints(options.ports, options.host);
  const tracker = createProcessTracker();
  const processes = Object.fromEntries(
    PROCESS_NAMES.map((name) => [name, managedProcessOf(name, { options, root, env, endpoints, tracker })]),
  ) as Record<ProcessName, ManagedProcess>;
  const stop = async (): Promise<void> => {
    await Promise.all(SERVICE_NAMES.map((name) => processes[name].stop()));
    await processes['d360-sandbox'].stop();
  };

  const started = await Promise.allSettled(PROCESS_NAMES.map((name) => processes[name].start()));
  const failure = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return {
    ports: options.ports,
    endpoints,
    env,
    process: (name) => processes[name],
    restart: (name) => processes[name].restart(),
    kill: (name, signal) => processes[name].kill(signal),
    spawnedPids: () => tracker.spawnedPids(),
    livePids: () => tracker.spawnedPids().filter(isAlive),
    stop,
  };
}

interface Wiring {
  options: StartSystemProcessesOptions;
  root: string;
  env: SystemEnv;
  endpoints: SystemEndpoints;
  tracker: ProcessTracker;
}

function managedProcessOf(name: ProcessName, { options, root, env, endpoints, tracker }: Wiring): ManagedProcess {
  return createManagedProcess({
    name,
    entryPoint: entryPointOf(name, root),
    env: env[name],
    cwd: root,
    probes: readinessProbesOf(name, endpoints),
    tracker,
    logSink: options.logSink ?? prefixedConsoleSink,
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }),
    ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
  });
}
