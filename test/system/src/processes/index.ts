export { startSystemProcesses } from './system-processes';
export type { StartSystemProcessesOptions, SystemProcesses } from './system-processes';
export type { ManagedProcess, ProcessExit } from './managed-process';
export { forEachLine, prefixedConsoleSink } from './log-lines';
export type { LogSink, LogStream } from './log-lines';
export { isAlive } from './process-tracker';
export { assertBuilt, repoRoot } from './repo-paths';
