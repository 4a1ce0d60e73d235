/**
 * Every process group the launcher started and has not yet seen exit. While any is alive, an
 * `exit` hook of the launcher's own process SIGKILLs them, so a crashing or Ctrl-C'd launcher
 * (or a jest worker torn down mid-test) leaves nothing running.
 */
export interface ProcessTracker {
  add(pid: number): void;
  remove(pid: number): void;
  /** Processes started and not yet seen exiting. */
  pids(): number[];
  /** Every process ever started through this tracker. */
  spawnedPids(): number[];
}

export function createProcessTracker(host: Pick<NodeJS.Process, 'on' | 'off'> = process): ProcessTracker {
  const live = new Set<number>();
  const spawned: number[] = [];
  const killAll = (): void => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  };
  return {
    add: (pid) => {
      if (live.size === 0) host.on('exit', killAll);
      live.add(pid);
      spawned.push(pid);
    },
    remove: (pid) => {
      if (!live.delete(pid)) return;
      if (live.size === 0) host.off('exit', killAll);
    },
    pids: () => [...live],
    spawnedPids: () => [...spawned],
  };
}

/** Signals the process group led by `pid` (the launcher starts each child as a group leader); false if it is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Whether a process with this pid exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
